#pragma once

#include "simulation/scenario.h"

#include <QWidget>

namespace eslab {

// The scenario editor: every field of the scenario format, grouped, with the presets and their
// descriptions, and validation shown next to the field. GUI thread only.
class ScenarioEditor : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScenarioEditor)
public:
    explicit ScenarioEditor(QWidget *parent = nullptr);

    // The scenario as edited; meaningful when isValid().
    Scenario scenario() const;
    bool isValid() const;

public slots:
    void setScenario(const eslab::Scenario &scenario);
    // Loads a scenario file (a preset or the user's); false with a message box-free error string
    // in errorString() when it does not parse.
    bool loadFile(const QString &path);

public:
    QString errorString() const;

signals:
    void scenarioChanged();
    void validityChanged(bool valid);
};

} // namespace eslab
