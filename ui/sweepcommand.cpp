#include "ui/commandcontext.h"

namespace eslab {

// Being written: the snapshot study.
int sweepCommand(const QStringList &)
{
    err() << "eslab sweep: not available yet" << Qt::endl;
    return BadInput;
}

} // namespace eslab
