#include "ui/commandcontext.h"

#include <QApplication>

// The bench as a test-tree executable: `eslab_bench [--events N] [--json]` runs the harness of
// `eslab bench`, starting the eslab binary built beside it for the peak-RSS run.
int main(int argc, char *argv[])
{
    // The window figures paint offscreen, as `eslab bench` does; set before QApplication exists.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    eslab::installBenchMessageFilter();
    QApplication application(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("eslab"));
    QCoreApplication::setApplicationName(QStringLiteral("eslab"));
    eslab::installInterruptHandler();
    return eslab::benchCommand(QCoreApplication::arguments().mid(1), QStringLiteral(ESLAB_BINARY));
}
