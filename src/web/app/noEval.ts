// Zod compiles its object parsers with `new Function` where a page allows eval, and finds out
// by trying. Farley's Content-Security-Policy allows no eval, and Chromium reports the attempt
// as a violation even though zod catches it: jitless skips both the attempt and the compiling.
import { z } from 'zod';

z.config({ jitless: true });
