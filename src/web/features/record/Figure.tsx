// One figure of a record's figure strip: a label above its value. Its own file, so that other
// domains' figures (orders' purchase figures) use it without importing the strip.
import { Paper, Text } from '@mantine/core';

export function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={700} mt={4}>
        {value}
      </Text>
    </Paper>
  );
}
