#include "ui/commandline.h"

int main(int argc, char *argv[])
{
    return eslab::runCommandLine(argc, argv);
}
