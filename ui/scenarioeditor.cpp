#include "ui/scenarioeditor.h"

#include "model/events.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

// The format's bounds (simulation/scenario.cpp). The widgets only keep typing within reach;
// parseScenario stays the judge of what is valid.
constexpr int MaxCount = 10'000'000;
constexpr int MaxDurationMs = 86'400'000;
constexpr int MaxPointsPerUnit = 1'000'000;
constexpr int MaxAttempts = 1000;
constexpr double MaxSeed = 9007199254740991.0; // 2^53 - 1
constexpr double MaxArrivalPerMin = 1'000'000;
constexpr double MaxSpeed = 1'000'000;
constexpr int FieldMinimumWidth = 80;
constexpr int PreferredWidth = 340;
// Six decimals keep any hand-written rate ("0.0125") exact through the editor.
constexpr int Decimals = 6;

const QStringList &serviceNames()
{
    static const QStringList names { u"likes"_s, u"followers"_s, u"views"_s };
    return names;
}

// Shows 0.02 rather than 0.020000: the spin box keeps six decimals but a reader wants the short
// form.
class CompactDoubleSpinBox : public QDoubleSpinBox
{
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QString textFromValue(double value) const override
    {
        const QLocale locale = this->locale();
        QString text = locale.toString(value, 'f', decimals());
        if (!isGroupSeparatorShown())
            text.remove(locale.groupSeparator());
        const QString point = locale.decimalPoint();
        if (text.contains(point)) {
            while (text.endsWith(locale.zeroDigit()))
                text.chop(locale.zeroDigit().size());
            if (text.endsWith(point))
                text.chop(point.size());
        }
        return text;
    }
};

QSpinBox *integerBox(int min, int max, const QString &suffix = {})
{
    auto *box = new QSpinBox;
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    box->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    return box;
}

QDoubleSpinBox *numberBox(double min, double max, const QString &suffix = {})
{
    auto *box = new CompactDoubleSpinBox;
    box->setDecimals(Decimals);
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    return box;
}

QDoubleSpinBox *rateBox()
{
    auto *box = new CompactDoubleSpinBox;
    box->setDecimals(Decimals);
    box->setRange(0, 1);
    box->setSingleStep(0.01);
    return box;
}

QComboBox *choiceBox(const QList<std::pair<QString, QString>> &choices)
{
    auto *box = new QComboBox;
    for (const auto &[label, value] : choices)
        box->addItem(label, value);
    return box;
}

} // namespace

ScenarioEditor::ScenarioEditor(QWidget *parent)
    : QWidget(parent)
{
    loadPresets();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(createPresetPicker());

    m_generalError = new QLabel;
    m_generalError->setObjectName(u"error"_s);
    m_generalError->setWordWrap(true);
    m_generalError->setTextFormat(Qt::RichText);
    QPalette red = m_generalError->palette();
    red.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_generalError->setPalette(red);
    m_generalError->hide();
    connect(m_generalError, &QLabel::linkActivated, this, [this](const QString &path) {
        if (QLabel *error = m_errors.value(path)) {
            m_scroll->ensureWidgetVisible(error);
            // The row's first widget is the field the message is about.
            error->parentWidget()->layout()->itemAt(0)->widget()->setFocus();
        }
    });
    layout->addWidget(m_generalError);

    m_scroll = new QScrollArea;
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(createFields());
    // One label width for every group, so that the fields line up from group to group.
    // Measured in bold, which a failure's label turns when the scenario injects it.
    QFont bold = font();
    bold.setBold(true);
    int labelWidth = 0;
    for (const QLabel *label : std::as_const(m_labels))
        labelWidth = std::max(labelWidth, QFontMetrics(bold).horizontalAdvance(label->text()));
    for (QLabel *label : std::as_const(m_labels))
        label->setMinimumWidth(labelWidth);
    // The form never scrolls sideways, so the dock may not get narrower than the form.
    m_scroll->setMinimumWidth(m_scroll->widget()->minimumSizeHint().width()
                              + m_scroll->verticalScrollBar()->sizeHint().width());
    layout->addWidget(m_scroll, 1);

    // The default preset is the format's defaults plus a description worth reading.
    if (!m_presets.isEmpty() && m_presets.constFirst().path.endsWith(u"/default.json"_s))
        m_base = m_presets.constFirst().scenario;
    showScenario(m_base);
    revalidate();
}

QSize ScenarioEditor::sizeHint() const
{
    return { std::max(PreferredWidth, minimumSizeHint().width()), QWidget::sizeHint().height() };
}

Scenario ScenarioEditor::scenario() const
{
    return m_scenario;
}

bool ScenarioEditor::isValid() const
{
    return m_valid;
}

void ScenarioEditor::setScenario(const Scenario &scenario)
{
    m_base = scenario;
    showScenario(scenario);
    revalidate();
    emit scenarioChanged();
}

bool ScenarioEditor::loadFile(const QString &path)
{
    const ScenarioParseResult parsed = loadScenarioFile(path);
    if (!parsed.scenario) {
        m_errorString = parsed.error;
        return false;
    }
    m_errorString.clear();
    setScenario(*parsed.scenario);
    return true;
}

QString ScenarioEditor::errorString() const
{
    return m_errorString;
}

bool ScenarioEditor::eventFilter(QObject *watched, QEvent *event)
{
    // In a scrolling form the wheel should scroll the form; a field takes it only once the user
    // has clicked into it.
    if (event->type() == QEvent::Wheel) {
        const auto *widget = qobject_cast<QWidget *>(watched);
        if (widget && !widget->hasFocus()) {
            QCoreApplication::sendEvent(m_scroll->verticalScrollBar(), event);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ScenarioEditor::loadPresets()
{
    const QDir dir(u":/eslab/scenarios"_s);
    for (const QString &file : dir.entryList({ u"*.json"_s }, QDir::Files, QDir::Name)) {
        const ScenarioParseResult parsed = loadScenarioFile(dir.filePath(file));
        if (parsed.scenario)
            m_presets.append({ dir.filePath(file), *parsed.scenario });
        else
            qWarning("eslab: skipping the preset %s", qPrintable(parsed.error));
    }
    // The default is the yardstick for every other preset, so it comes first.
    std::stable_sort(m_presets.begin(), m_presets.end(), [](const Preset &a, const Preset &b) {
        const bool aDefault = a.path.endsWith(u"/default.json"_s);
        const bool bDefault = b.path.endsWith(u"/default.json"_s);
        if (aDefault != bDefault)
            return aDefault;
        return a.scenario.name.localeAwareCompare(b.scenario.name) < 0;
    });
}

QWidget *ScenarioEditor::createPresetPicker()
{
    // The presets' names get a row of their own: a narrow dock keeps them readable.
    auto *picker = new QWidget;
    auto *layout = new QGridLayout(picker);
    layout->setContentsMargins(0, 0, 0, 0);

    m_presetCombo = new QComboBox;
    m_presetCombo->setObjectName(u"presets"_s);
    m_presetCombo->setPlaceholderText(tr("Custom scenario"));
    m_presetCombo->setToolTip(tr("Built-in scenarios. Each one shows a failure (or none) and says "
                                 "what to watch."));
    for (const Preset &preset : std::as_const(m_presets))
        m_presetCombo->addItem(preset.scenario.name, preset.path);
    connect(m_presetCombo, &QComboBox::currentIndexChanged, this, &ScenarioEditor::choosePreset);
    layout->addWidget(m_presetCombo, 0, 0, 1, 2);

    auto *open = new QPushButton(tr("Open file..."));
    open->setObjectName(u"openFile"_s);
    open->setToolTip(tr("Load a scenario from a JSON file"));
    connect(open, &QPushButton::clicked, this, &ScenarioEditor::openFile);
    layout->addWidget(open, 1, 0);

    m_saveButton = new QPushButton(tr("Save as..."));
    m_saveButton->setObjectName(u"saveFile"_s);
    m_saveButton->setToolTip(tr("Save this scenario as a JSON file (only when it is valid)"));
    connect(m_saveButton, &QPushButton::clicked, this, &ScenarioEditor::saveFileAs);
    layout->addWidget(m_saveButton, 1, 1);
    return picker;
}

QWidget *ScenarioEditor::createFields()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 4, 0);

    m_description = new QLabel;
    m_description->setObjectName(u"description"_s);
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setFrameShape(QFrame::StyledPanel);
    m_description->setMargin(6);
    m_description->setBackgroundRole(QPalette::AlternateBase);
    m_description->setAutoFillBackground(true);
    layout->addWidget(m_description);

    const auto group = [layout](const QString &title) {
        auto *box = new QGroupBox(title);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setRowWrapPolicy(QFormLayout::DontWrapRows);
        form->setLabelAlignment(Qt::AlignLeft);
        form->setContentsMargins(6, 6, 6, 6);
        layout->addWidget(box);
        return form;
    };
    const QString ms = tr(" ms");

    QFormLayout *form = group(tr("General"));
    addField(form, u"name"_s, tr("Name"),
             tr("The scenario's name, recorded with each run. Must not be empty."), new QLineEdit);
    QDoubleSpinBox *seed = numberBox(0, MaxSeed);
    seed->setDecimals(0);
    seed->setStepType(QAbstractSpinBox::DefaultStepType);
    addField(form, u"seed"_s, tr("Seed"),
             tr("Seed of the random generator: the same scenario and seed give the same events on "
                "every machine. An integer from 0 to 2^53 - 1."),
             seed);

    form = group(tr("Orders"));
    addField(form, u"orders.count"_s, tr("Orders"),
             tr("How many orders arrive during the run. 1 to 10,000,000."),
             integerBox(1, MaxCount));
    addField(form, u"orders.arrival_per_min"_s, tr("Arrivals"),
             tr("Orders arriving per simulated minute, on average. Above 0, at most 1,000,000."),
             numberBox(0, MaxArrivalPerMin, tr(" /min")));
    const QString shareMeaning = tr("Relative weight of %1 orders in the service mix, from 0 to 1. "
                                    "Only the ratios matter; at least one share must be above 0.");
    addField(form, u"orders.services.likes"_s, tr("Likes"), shareMeaning.arg(tr("likes")),
             rateBox());
    addField(form, u"orders.services.followers"_s, tr("Followers"),
             shareMeaning.arg(tr("followers")), rateBox());
    addField(form, u"orders.services.views"_s, tr("Views"), shareMeaning.arg(tr("views")),
             rateBox(), { u"orders.services"_s });
    addField(form, u"orders.quantity.min"_s, tr("Min quantity"),
             tr("Smallest order, in units. 1 to 10,000,000, and at most the max quantity."),
             integerBox(1, MaxCount));
    addField(form, u"orders.quantity.max"_s, tr("Max quantity"),
             tr("Largest order, in units. 1 to 10,000,000, and at least the min quantity."),
             integerBox(1, MaxCount));
    addField(form, u"orders.points_per_unit"_s, tr("Points/unit"),
             tr("Price in points per unit ordered: an order costs its quantity times this. 0 to "
                "1,000,000."),
             integerBox(0, MaxPointsPerUnit));
    addField(form, u"orders.cancel_rate"_s, tr("Cancel rate"),
             tr("Share of orders the customer cancels mid-flight; what was not delivered is "
                "refunded. 0 to 1."),
             rateBox());

    form = group(tr("Execution"));
    addField(form, u"execution.batch_size"_s, tr("Batch size"),
             tr("Units delivered per execution batch: an order runs in quantity / batch size "
                "batches. At least 1."),
             integerBox(1, MaxCount, tr(" units")));
    addField(form, u"execution.workers"_s, tr("Workers"),
             tr("Workers executing batches in parallel. At least 1."), integerBox(1, MaxCount));
    addField(form, u"execution.batch_duration_ms.mean"_s, tr("Batch time"),
             tr("Mean duration of one batch, in simulated milliseconds. 0 to 86,400,000."),
             integerBox(0, MaxDurationMs, ms));
    addField(form, u"execution.batch_duration_ms.jitter"_s, tr("Jitter"),
             tr("How far a batch's duration varies around the mean, as a fraction of the mean. 0 "
                "to 1."),
             rateBox());
    addField(form, u"execution.retry.max_attempts"_s, tr("Attempts"),
             tr("Attempts per batch; when they run out the order fails and the undelivered part "
                "is refunded. 1 to 1000."),
             integerBox(1, MaxAttempts));
    addField(form, u"execution.retry.backoff_ms"_s, tr("Backoff"),
             tr("Wait before a failed batch is retried, in simulated milliseconds. 0 to "
                "86,400,000."),
             integerBox(0, MaxDurationMs, ms));

    form = group(tr("Failures (rates, 0 to 1)"));
    const std::pair<QString, std::pair<QString, QString>> rates[] = {
        { u"payment_failure_rate"_s,
          { tr("Payment"),
            tr("Share of payments that fail; the order ends with PaymentFailed.") } },
        { u"batch_failure_rate"_s,
          { tr("Batch"),
            tr("Share of batch attempts that fail. They are retried; when the attempts run out "
               "the order fails and is compensated.") } },
        { u"worker_crash_rate"_s,
          { tr("Worker crash"),
            tr("Share of batches whose worker crashes after the external work but before the "
               "append: delivered, not recorded, shown as over-delivery.") } },
        { u"duplicate_delivery_rate"_s,
          { tr("Duplicate"),
            tr("Share of events delivered twice to a projector (at-least-once delivery); "
               "harmless only when the projections are idempotent.") } },
        { u"projector_crash_rate"_s,
          { tr("Projector crash"),
            tr("Share of projector batches that crash between the read-model write and the "
               "checkpoint; see Projections > Checkpoint.") } },
        { u"poison_event_rate"_s,
          { tr("Poison event"),
            tr("Share of orders that get a poison OrderNoteAdded, on which the read models' "
               "handlers fail; see Projections > On failure.") } },
        { u"concurrent_writer_rate"_s,
          { tr("Concurrent writer"),
            tr("Share of orders on which a second writer appends at the same time: "
               "expected-version conflicts and retries.") } },
        { u"legacy_event_rate"_s,
          { tr("Legacy event"),
            tr("Share of BatchExecuted events written in the old schema (version 1) and upcast "
               "on read.") } },
    };
    for (const auto &[key, text] : rates) {
        addField(form, u"failures."_s + key, text.first, text.second + u' ' + tr("0 to 1."),
                 rateBox());
    }

    form = group(tr("Snapshots"));
    addField(form, u"snapshots.policy"_s, tr("Policy"),
             tr("When a snapshot of an order's state is taken: never; when its stream crosses a "
                "multiple of N events; after events of the checked types; or when loading it "
                "replayed more events than the load budget."),
             choiceBox({ { tr("None"), u"none"_s },
                         { tr("Every N events"), u"every_n"_s },
                         { tr("After event types"), u"on_event"_s },
                         { tr("Load budget"), u"load_budget"_s } }));
    addField(form, u"snapshots.n"_s, tr("Every"),
             tr("N: a snapshot each time an order's stream crosses a multiple of N events (policy "
                "Every N events). At least 1."),
             integerBox(1, MaxCount, tr(" events")));
    m_eventTypeList = new QListWidget;
    for (const QString &type : allEventTypeNames()) {
        auto *item = new QListWidgetItem(type, m_eventTypeList);
        item->setData(Qt::UserRole, type);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_eventTypeList->setFixedHeight(m_eventTypeList->sizeHintForRow(0) * 5
                                    + 2 * m_eventTypeList->frameWidth());
    connect(m_eventTypeList, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        if (m_updating)
            return;
        const QString type = item->data(Qt::UserRole).toString();
        m_eventTypes.removeAll(type);
        if (item->checkState() == Qt::Checked)
            m_eventTypes.append(type);
        fieldEdited();
    });
    addField(form, u"snapshots.event_types"_s, tr("After"),
             tr("A snapshot after each event of the checked types (policy After event types)."),
             m_eventTypeList);
    addField(form, u"snapshots.load_budget"_s, tr("Load budget"),
             tr("A snapshot when loading an order replayed more than this many events (policy "
                "Load budget). At least 1."),
             integerBox(1, MaxCount, tr(" events")));

    form = group(tr("Projections"));
    addField(form, u"projections.poll_interval_ms"_s, tr("Poll every"),
             tr("How often each projector polls the store for new events, in simulated "
                "milliseconds. 0 to 86,400,000."),
             integerBox(0, MaxDurationMs, ms));
    addField(form, u"projections.batch_size"_s, tr("Batch size"),
             tr("Events a projector reads and applies per poll. At least 1."),
             integerBox(1, MaxCount, tr(" events")));
    addField(form, u"projections.cost_per_event_ms"_s, tr("Cost/event"),
             tr("Simulated time a projector spends applying one event, in milliseconds. 0 to "
                "86,400,000."),
             integerBox(0, MaxDurationMs, ms));
    addField(form, u"projections.checkpoint"_s, tr("Checkpoint"),
             tr("Whether a projector stores its checkpoint in the same transaction as its "
                "read-model writes, or separately: then a crash in between applies events "
                "twice."),
             choiceBox({ { tr("Same transaction"), u"same_transaction"_s },
                         { tr("Separate"), u"separate"_s } }));
    auto *idempotent = new QCheckBox(tr("Ignore redelivered events"));
    addField(form, u"projections.idempotent"_s, tr("Idempotent"),
             tr("Whether the projectors ignore an event they have already applied. Switch it off "
                "to see what duplicate delivery does to the read models."),
             idempotent);
    addField(form, u"projections.failure_policy"_s, tr("On failure"),
             tr("What a projector does with an event its handler fails on: stop and show where; "
                "park it and go on; or retry it, then park it."),
             choiceBox({ { tr("Stop"), u"stop"_s },
                         { tr("Skip (park)"), u"skip"_s },
                         { tr("Retry, then park"), u"retry"_s } }));
    addField(form, u"projections.retry_attempts"_s, tr("Attempts"),
             tr("Attempts before a failing event is parked (policy Retry, then park). 1 to 1000."),
             integerBox(1, MaxAttempts));

    form = group(tr("Run"));
    QDoubleSpinBox *speed = numberBox(0, MaxSpeed, tr("x"));
    speed->setSpecialValueText(tr("As fast as possible"));
    addField(form, u"run.speed"_s, tr("Speed"),
             tr("Simulated seconds per wall-clock second when the run is paced; 0 runs as fast as "
                "possible. 0, or 0.001 to 1,000,000. The command line uses it only with "
                "--paced."),
             speed);

    layout->addStretch(1);
    return content;
}

void ScenarioEditor::addField(QFormLayout *form, const QString &path, const QString &label,
                              const QString &meaning, QWidget *field,
                              const QStringList &extraErrors)
{
    field->setObjectName(path);
    // A narrow dock squeezes the fields rather than hiding them; their values stay short.
    if (!qobject_cast<QListWidget *>(field))
        field->setMinimumWidth(FieldMinimumWidth);
    const QString tip = u"<p>%1</p><p><tt>%2</tt></p>"_s.arg(meaning.toHtmlEscaped(), path);
    field->setToolTip(tip);

    auto *row = new QWidget;
    auto *rowLayout = new QVBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->setSpacing(2);
    rowLayout->addWidget(field);
    QPalette red = palette();
    red.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    for (const QString &errorPath : QStringList { path } + extraErrors) {
        auto *error = new QLabel;
        error->setObjectName(errorPath + u".error"_s);
        error->setWordWrap(true);
        error->setTextFormat(Qt::PlainText);
        error->setPalette(red);
        error->hide();
        rowLayout->addWidget(error);
        m_errors.insert(errorPath, error);
    }

    auto *labelWidget = new QLabel(label);
    labelWidget->setToolTip(tip);
    labelWidget->setBuddy(field);
    form->addRow(labelWidget, row);
    m_fields.insert(path, field);
    m_labels.insert(path, labelWidget);

    if (auto *box = qobject_cast<QSpinBox *>(field)) {
        connect(box, &QSpinBox::valueChanged, this, &ScenarioEditor::fieldEdited);
    } else if (auto *box = qobject_cast<QDoubleSpinBox *>(field)) {
        connect(box, &QDoubleSpinBox::valueChanged, this, &ScenarioEditor::fieldEdited);
    } else if (auto *box = qobject_cast<QComboBox *>(field)) {
        connect(box, &QComboBox::currentIndexChanged, this, &ScenarioEditor::fieldEdited);
    } else if (auto *box = qobject_cast<QCheckBox *>(field)) {
        connect(box, &QCheckBox::toggled, this, &ScenarioEditor::fieldEdited);
    } else if (auto *edit = qobject_cast<QLineEdit *>(field)) {
        connect(edit, &QLineEdit::textChanged, this, &ScenarioEditor::fieldEdited);
    }
    if (qobject_cast<QAbstractSpinBox *>(field) || qobject_cast<QComboBox *>(field)) {
        field->setFocusPolicy(Qt::StrongFocus);
        field->installEventFilter(this);
    }
}

QWidget *ScenarioEditor::field(const QString &path) const
{
    QWidget *widget = m_fields.value(path);
    Q_ASSERT_X(widget, "ScenarioEditor::field", qPrintable(path));
    return widget;
}

void ScenarioEditor::showScenario(const Scenario &s)
{
    m_updating = true;
    const auto setInteger = [this](const QString &path, qint64 value) {
        qobject_cast<QSpinBox *>(field(path))->setValue(int(value));
    };
    const auto setNumber = [this](const QString &path, double value) {
        qobject_cast<QDoubleSpinBox *>(field(path))->setValue(value);
    };
    const auto setChoice = [this](const QString &path, const QString &value) {
        auto *box = qobject_cast<QComboBox *>(field(path));
        box->setCurrentIndex(box->findData(value));
    };

    qobject_cast<QLineEdit *>(field(u"name"_s))->setText(s.name);
    setNumber(u"seed"_s, double(s.seed));

    setInteger(u"orders.count"_s, s.orders.count);
    setNumber(u"orders.arrival_per_min"_s, s.orders.arrivalPerMin);
    for (const QString &service : serviceNames())
        setNumber(u"orders.services."_s + service, s.orders.services.value(service, 0.0));
    setInteger(u"orders.quantity.min"_s, s.orders.quantityMin);
    setInteger(u"orders.quantity.max"_s, s.orders.quantityMax);
    setInteger(u"orders.points_per_unit"_s, s.orders.pointsPerUnit);
    setNumber(u"orders.cancel_rate"_s, s.orders.cancelRate);

    setInteger(u"execution.batch_size"_s, s.execution.batchSize);
    setInteger(u"execution.workers"_s, s.execution.workers);
    setInteger(u"execution.batch_duration_ms.mean"_s, s.execution.batchDurationMeanMs);
    setNumber(u"execution.batch_duration_ms.jitter"_s, s.execution.batchDurationJitter);
    setInteger(u"execution.retry.max_attempts"_s, s.execution.retryMaxAttempts);
    setInteger(u"execution.retry.backoff_ms"_s, s.execution.retryBackoffMs);

    const Scenario::Failures &f = s.failures;
    setNumber(u"failures.payment_failure_rate"_s, f.paymentFailureRate);
    setNumber(u"failures.batch_failure_rate"_s, f.batchFailureRate);
    setNumber(u"failures.worker_crash_rate"_s, f.workerCrashRate);
    setNumber(u"failures.duplicate_delivery_rate"_s, f.duplicateDeliveryRate);
    setNumber(u"failures.projector_crash_rate"_s, f.projectorCrashRate);
    setNumber(u"failures.poison_event_rate"_s, f.poisonEventRate);
    setNumber(u"failures.concurrent_writer_rate"_s, f.concurrentWriterRate);
    setNumber(u"failures.legacy_event_rate"_s, f.legacyEventRate);

    setChoice(u"snapshots.policy"_s, s.snapshots.policy);
    setInteger(u"snapshots.n"_s, s.snapshots.n);
    m_eventTypes = s.snapshots.eventTypes;
    for (int i = 0; i < m_eventTypeList->count(); ++i) {
        QListWidgetItem *item = m_eventTypeList->item(i);
        item->setCheckState(m_eventTypes.contains(item->data(Qt::UserRole).toString())
                                ? Qt::Checked
                                : Qt::Unchecked);
    }
    setInteger(u"snapshots.load_budget"_s, s.snapshots.loadBudget);

    const Scenario::Projections &p = s.projections;
    setInteger(u"projections.poll_interval_ms"_s, p.pollIntervalMs);
    setInteger(u"projections.batch_size"_s, p.batchSize);
    setInteger(u"projections.cost_per_event_ms"_s, p.costPerEventMs);
    setChoice(u"projections.checkpoint"_s, p.checkpoint);
    qobject_cast<QCheckBox *>(field(u"projections.idempotent"_s))->setChecked(p.idempotent);
    setChoice(u"projections.failure_policy"_s, p.failurePolicy);
    setInteger(u"projections.retry_attempts"_s, p.retryAttempts);

    setNumber(u"run.speed"_s, s.run.speed);
    m_updating = false;
}

Scenario ScenarioEditor::scenarioFromWidgets() const
{
    const auto integer = [this](const QString &path) -> qint64 {
        return qobject_cast<QSpinBox *>(field(path))->value();
    };
    const auto number = [this](const QString &path) {
        return qobject_cast<QDoubleSpinBox *>(field(path))->value();
    };
    const auto choice = [this](const QString &path) {
        return qobject_cast<QComboBox *>(field(path))->currentData().toString();
    };

    // The description is not edited here; it stays the one of the scenario last set.
    Scenario s = m_base;
    s.name = qobject_cast<QLineEdit *>(field(u"name"_s))->text();
    s.seed = qint64(number(u"seed"_s));

    s.orders.count = integer(u"orders.count"_s);
    s.orders.arrivalPerMin = number(u"orders.arrival_per_min"_s);
    // A service the mix does not name is not ordered, exactly as one named with 0; keeping the
    // base's names makes an unedited scenario come back equal.
    s.orders.services.clear();
    for (const QString &service : serviceNames()) {
        const double share = number(u"orders.services."_s + service);
        if (share > 0 || m_base.orders.services.contains(service))
            s.orders.services.insert(service, share);
    }
    s.orders.quantityMin = integer(u"orders.quantity.min"_s);
    s.orders.quantityMax = integer(u"orders.quantity.max"_s);
    s.orders.pointsPerUnit = integer(u"orders.points_per_unit"_s);
    s.orders.cancelRate = number(u"orders.cancel_rate"_s);

    s.execution.batchSize = integer(u"execution.batch_size"_s);
    s.execution.workers = integer(u"execution.workers"_s);
    s.execution.batchDurationMeanMs = integer(u"execution.batch_duration_ms.mean"_s);
    s.execution.batchDurationJitter = number(u"execution.batch_duration_ms.jitter"_s);
    s.execution.retryMaxAttempts = integer(u"execution.retry.max_attempts"_s);
    s.execution.retryBackoffMs = integer(u"execution.retry.backoff_ms"_s);

    Scenario::Failures &f = s.failures;
    f.paymentFailureRate = number(u"failures.payment_failure_rate"_s);
    f.batchFailureRate = number(u"failures.batch_failure_rate"_s);
    f.workerCrashRate = number(u"failures.worker_crash_rate"_s);
    f.duplicateDeliveryRate = number(u"failures.duplicate_delivery_rate"_s);
    f.projectorCrashRate = number(u"failures.projector_crash_rate"_s);
    f.poisonEventRate = number(u"failures.poison_event_rate"_s);
    f.concurrentWriterRate = number(u"failures.concurrent_writer_rate"_s);
    f.legacyEventRate = number(u"failures.legacy_event_rate"_s);

    s.snapshots.policy = choice(u"snapshots.policy"_s);
    s.snapshots.n = integer(u"snapshots.n"_s);
    s.snapshots.eventTypes = m_eventTypes;
    s.snapshots.loadBudget = integer(u"snapshots.load_budget"_s);

    Scenario::Projections &p = s.projections;
    p.pollIntervalMs = integer(u"projections.poll_interval_ms"_s);
    p.batchSize = integer(u"projections.batch_size"_s);
    p.costPerEventMs = integer(u"projections.cost_per_event_ms"_s);
    p.checkpoint = choice(u"projections.checkpoint"_s);
    p.idempotent = qobject_cast<QCheckBox *>(field(u"projections.idempotent"_s))->isChecked();
    p.failurePolicy = choice(u"projections.failure_policy"_s);
    p.retryAttempts = integer(u"projections.retry_attempts"_s);

    s.run.speed = number(u"run.speed"_s);
    return s;
}

void ScenarioEditor::fieldEdited()
{
    if (m_updating)
        return;
    revalidate();
    emit scenarioChanged();
}

void ScenarioEditor::revalidate()
{
    const Scenario built = scenarioFromWidgets();
    const ScenarioParseResult parsed
        = parseScenario(QJsonDocument(built.toJson()).toJson(QJsonDocument::Compact));
    m_scenario = parsed.scenario.value_or(built);
    showError(parsed.error);
    updateEnabledFields();
    updatePresetSelection();
    updateDescription();

    const bool valid = parsed.scenario.has_value();
    m_saveButton->setEnabled(valid);
    if (valid != m_valid) {
        m_valid = valid;
        emit validityChanged(valid);
    }
}

void ScenarioEditor::showError(const QString &message)
{
    for (QLabel *label : std::as_const(m_errors))
        label->hide();
    m_generalError->hide();
    if (message.isEmpty())
        return;

    // Messages start with the field path ("orders.quantity.min is 5000; ..."); an element of a
    // list or a key inside an object is shown at the field that holds it.
    QString path = message.section(u' ', 0, 0).section(u'[', 0, 0);
    while (!m_errors.contains(path) && path.contains(u'.'))
        path.truncate(path.lastIndexOf(u'.'));
    if (QLabel *label = m_errors.value(path)) {
        label->setText(message);
        label->show();
        m_generalError->setText(
            tr("Run is off until <a href=\"%1\">%1</a> is fixed.").arg(path.toHtmlEscaped()));
    } else {
        m_generalError->setText(message.toHtmlEscaped());
    }
    m_generalError->show();
}

void ScenarioEditor::updateEnabledFields()
{
    const QString policy = m_scenario.snapshots.policy;
    const std::pair<QString, bool> relevance[] = {
        { u"snapshots.n"_s, policy == u"every_n"_s },
        { u"snapshots.event_types"_s, policy == u"on_event"_s },
        { u"snapshots.load_budget"_s, policy == u"load_budget"_s },
        { u"projections.retry_attempts"_s, m_scenario.projections.failurePolicy == u"retry"_s },
    };
    for (const auto &[path, relevant] : relevance) {
        field(path)->setEnabled(relevant);
        m_labels.value(path)->setEnabled(relevant);
    }
    // The failures a scenario injects are its point; they stand out among the zeros.
    for (auto it = m_labels.cbegin(); it != m_labels.cend(); ++it) {
        if (!it.key().startsWith(u"failures."_s))
            continue;
        QFont font = it.value()->font();
        font.setBold(qobject_cast<QDoubleSpinBox *>(field(it.key()))->value() > 0);
        it.value()->setFont(font);
    }
}

void ScenarioEditor::updatePresetSelection()
{
    const auto preset = std::find_if(m_presets.cbegin(), m_presets.cend(),
                                     [this](const Preset &p) { return p.scenario == m_scenario; });
    const QSignalBlocker blocker(m_presetCombo);
    m_presetCombo->setCurrentIndex(
        preset == m_presets.cend() ? -1 : int(std::distance(m_presets.cbegin(), preset)));
}

void ScenarioEditor::updateDescription()
{
    const QMap<QString, QString> &texts = m_scenario.description;
    QString text;
    if (QLocale().language() == QLocale::Korean && texts.contains(u"ko"_s))
        text = texts.value(u"ko"_s);
    else if (texts.contains(u"en"_s))
        text = texts.value(u"en"_s);
    else if (!texts.isEmpty())
        text = texts.first();
    m_description->setText(text);
    m_description->setVisible(!text.isEmpty());
}

void ScenarioEditor::choosePreset(int index)
{
    if (index < 0 || index >= m_presets.size())
        return;
    setScenario(m_presets.at(index).scenario);
    m_scroll->verticalScrollBar()->setValue(0);
}

void ScenarioEditor::openFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QString(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty() && !loadFile(path))
        QMessageBox::warning(this, tr("Open scenario"), m_errorString);
}

void ScenarioEditor::saveFileAs()
{
    QString suggested = m_scenario.name.toLower();
    for (QChar &c : suggested) {
        if (!c.isLetterOrNumber())
            c = u'_';
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save scenario"), suggested + u".json"_s, tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(m_scenario.toJson()).toJson()) < 0 || !file.commit()) {
        QMessageBox::warning(this, tr("Save scenario"),
                             tr("Cannot write %1: %2").arg(path, file.errorString()));
    }
}

} // namespace eslab
