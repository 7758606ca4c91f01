// Why a change of a price list failed, in the user's words, under the controls that made it.
import { Text } from '@mantine/core';
import { useErrorMessage } from '../../ui/states.tsx';

export function ChangeProblem({ error }: { error: unknown }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <Text size="sm" c="red" role="alert">
      {message(error)}
    </Text>
  );
}
