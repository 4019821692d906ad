#include "ui/scenarioeditor.h"

// Being written.
namespace eslab {

ScenarioEditor::ScenarioEditor(QWidget *parent)
    : QWidget(parent)
{ }

Scenario ScenarioEditor::scenario() const
{
    return {};
}

bool ScenarioEditor::isValid() const
{
    return true;
}

void ScenarioEditor::setScenario(const Scenario &) { }

bool ScenarioEditor::loadFile(const QString &)
{
    return false;
}

QString ScenarioEditor::errorString() const
{
    return {};
}

} // namespace eslab
