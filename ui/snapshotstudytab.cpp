#include "ui/snapshotstudytab.h"

// Being written.
namespace eslab {

SnapshotStudyTab::SnapshotStudyTab(QWidget *parent)
    : QWidget(parent)
{ }

void SnapshotStudyTab::setScenario(const eslab::Scenario &) { }

void SnapshotStudyTab::runSweep() { }

} // namespace eslab
