namespace eslab { int runCommandLine(int, char *[]) { return 0; } }
