#include "ui/commandcontext.h"

using namespace Qt::StringLiterals;

namespace eslab {

// Being written: parked, replay-parked and rebuild.
int parkedCommand(const QStringList &)
{
    err() << "eslab parked: not available yet" << Qt::endl;
    return BadInput;
}

int replayParkedCommand(const QStringList &)
{
    err() << "eslab replay-parked: not available yet" << Qt::endl;
    return BadInput;
}

int rebuildCommand(const QStringList &)
{
    err() << "eslab rebuild: not available yet" << Qt::endl;
    return BadInput;
}

} // namespace eslab
