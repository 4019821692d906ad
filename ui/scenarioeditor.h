#pragma once

#include "simulation/scenario.h"

#include <QList>
#include <QMap>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QScrollArea;
class QVBoxLayout;

namespace eslab {

// The scenario editor: every field of the scenario format, grouped as in the format, with the
// built-in presets and their descriptions, and validation shown next to the field.
//
// Each field widget's objectName is its field path in the format ("orders.quantity.min"), and its
// error label's is that path plus ".error". The widgets never decide validity: every edit builds
// the scenario's JSON and runs parseScenario on it, and the message it gives is shown under the
// field its path names. GUI thread only.
class ScenarioEditor : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScenarioEditor)
public:
    explicit ScenarioEditor(QWidget *parent = nullptr);

    QSize sizeHint() const override;

    // The scenario as edited; meaningful when isValid().
    Scenario scenario() const;
    bool isValid() const;

public slots:
    void setScenario(const eslab::Scenario &scenario);
    // Loads a scenario file (a preset or the user's); false with a message box-free error string
    // in errorString() when it does not parse, and then the editor is left as it was.
    bool loadFile(const QString &path);

public:
    QString errorString() const;

signals:
    void scenarioChanged();
    void validityChanged(bool valid);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Preset
    {
        QString path;
        Scenario scenario;
    };

    void loadPresets();
    QWidget *createPresetPicker();
    QWidget *createFields();
    void addField(QFormLayout *form, const QString &path, const QString &label,
                  const QString &meaning, QWidget *field, const QStringList &extraErrors = {});
    QWidget *field(const QString &path) const;

    void showScenario(const Scenario &scenario);
    Scenario scenarioFromWidgets() const;
    void fieldEdited();
    void revalidate();
    void showError(const QString &message);
    void updateEnabledFields();
    void updatePresetSelection();
    void updateDescription();
    void choosePreset(int index);
    void openFile();
    void saveFileAs();

    QList<Preset> m_presets;
    // The scenario last set or loaded: it supplies what the widgets do not edit (the
    // description, which services the mix names).
    Scenario m_base;
    Scenario m_scenario;
    QStringList m_eventTypes; // checked snapshot event types, in the order they were chosen
    bool m_valid = true;
    bool m_updating = false;
    QString m_errorString;

    QMap<QString, QWidget *> m_fields;
    QMap<QString, QLabel *> m_labels;
    QMap<QString, QLabel *> m_errors;
    QComboBox *m_presetCombo = nullptr;
    QPushButton *m_saveButton = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_generalError = nullptr;
    QListWidget *m_eventTypeList = nullptr;
    QScrollArea *m_scroll = nullptr;
};

} // namespace eslab
