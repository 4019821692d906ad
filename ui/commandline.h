#pragma once

namespace eslab {

// The headless command line (DESIGN section 6): parses argv, runs one command, returns its exit
// code (0 success, 1 verify found violations, 2 bad input, 130 interrupted).
int runCommandLine(int argc, char *argv[]);

} // namespace eslab
