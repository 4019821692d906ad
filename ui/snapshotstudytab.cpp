#include "ui/snapshotstudytab.h"

#include "ui/chartview.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCheckBox>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace eslab {

namespace {

const QString OnEvent = u"on_event"_s;
const QString LoadBudget = u"load_budget"_s;

// The sweep reports progress at most this often; the bar needs no more.
constexpr int ProgressIntervalMs = 150;

// Running a setting's simulation takes most of its time; timing the loads the rest.
constexpr double RunningShare = 0.8;

QTableWidgetItem *numberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

SnapshotStudyTab::SnapshotStudyTab(QWidget *parent)
    : QWidget(parent)
{
    m_intervals = new QLineEdit(DefaultIntervals);
    m_intervals->setObjectName(u"intervals"_s);
    m_intervals->setToolTip(tr("Snapshot intervals, comma-separated: 0 takes no snapshots, N "
                               "takes one each time a stream crosses a multiple of N events."));
    m_intervals->setMinimumWidth(160);
    m_intervalsError = new QLabel;
    m_intervalsError->setObjectName(u"intervalsError"_s);
    m_intervalsError->setStyleSheet(u"color: #c62828;"_s);
    m_intervalsError->setWordWrap(true);
    m_intervalsError->hide();
    m_onEvent = new QCheckBox;
    m_onEvent->setObjectName(u"onEvent"_s);
    m_onEvent->setChecked(true);
    m_loadBudget = new QCheckBox;
    m_loadBudget->setObjectName(u"loadBudget"_s);
    m_loadBudget->setChecked(true);
    m_run = new QPushButton(tr("Run sweep"));
    m_run->setObjectName(u"runSweep"_s);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(u"cancelSweep"_s);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Not run yet"));
    m_progress->setTextVisible(true);
    m_status = new QLabel(tr("Runs the scenario once per setting, each into a fresh temporary "
                             "store, then times loads of its orders from that store."));
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);

    auto *intervalsLabel = new QLabel(tr("&Intervals:"));
    intervalsLabel->setBuddy(m_intervals);
    auto *settings = new QGridLayout;
    settings->addWidget(intervalsLabel, 0, 0);
    settings->addWidget(m_intervals, 0, 1);
    settings->addWidget(new QLabel(tr("Policies:")), 0, 2);
    settings->addWidget(m_onEvent, 0, 3);
    settings->addWidget(m_loadBudget, 0, 4);
    settings->setColumnStretch(5, 1);
    settings->addWidget(m_run, 0, 6);
    settings->addWidget(m_cancel, 0, 7);
    settings->addWidget(m_intervalsError, 1, 1, 1, 7);
    auto *progress = new QHBoxLayout;
    progress->addWidget(m_progress, 2);
    progress->addWidget(m_status, 3);
    settings->addLayout(progress, 2, 0, 1, 8);

    const QColor mean(0x1e, 0x88, 0xe5);
    const QColor high(0xfb, 0x8c, 0x00);
    const QColor peak(0xe5, 0x39, 0x35);
    m_replayed = createChart(u"replayedChart"_s, tr("Events replayed per load"),
                             { tr("mean"), tr("p95"), tr("max") }, { mean, high, peak });
    m_loadTime = createChart(u"loadTimeChart"_s, tr("Load time from the store (ms)"),
                             { tr("mean"), tr("p95") }, { mean, high });
    m_storage
        = createChart(u"storageChart"_s, tr("Storage (KB)"), { tr("snapshots"), tr("events") },
                      { QColor(0x8e, 0x24, 0xaa), QColor(0x90, 0xa4, 0xae) });
    m_writeCost
        = createChart(u"writeCostChart"_s, tr("Snapshot write cost (% of run time)"),
                      { tr("share of run time writing snapshots") }, { QColor(0x43, 0xa0, 0x47) });
    m_writeCost.view->chart()->legend()->hide();

    auto *charts = new QWidget;
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    grid->addWidget(m_replayed.view, 0, 0);
    grid->addWidget(m_loadTime.view, 0, 1);
    grid->addWidget(m_storage.view, 1, 0);
    grid->addWidget(m_writeCost.view, 1, 1);

    m_table = new QTableWidget(0, 10);
    m_table->setObjectName(u"rows"_s);
    m_table->setHorizontalHeaderLabels({ tr("Setting"), tr("Replayed\nmean"), tr("Replayed\np95"),
                                         tr("Replayed\nmax"), tr("Load ms\nmean"),
                                         tr("Load ms\np95"), tr("Snapshots"), tr("Snapshot\nKB"),
                                         tr("Event\nKB"), tr("Write\nshare %") });
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(charts);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(settings);
    layout->addWidget(splitter, 1);

    connect(m_intervals, &QLineEdit::textChanged, this, &SnapshotStudyTab::validate);
    connect(m_onEvent, &QCheckBox::toggled, this, &SnapshotStudyTab::validate);
    connect(m_loadBudget, &QCheckBox::toggled, this, &SnapshotStudyTab::validate);
    connect(m_intervals, &QLineEdit::returnPressed, this, &SnapshotStudyTab::runSweep);
    connect(m_run, &QPushButton::clicked, this, &SnapshotStudyTab::runSweep);
    connect(m_cancel, &QPushButton::clicked, this, &SnapshotStudyTab::cancelSweep);

    m_thread.setObjectName(u"eslab-sweep"_s);
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();

    updatePolicyLabels();
    validate();
    showRows();
}

SnapshotStudyTab::~SnapshotStudyTab()
{
    if (m_stop)
        m_stop->store(true);
    m_thread.requestInterruption();
    m_thread.quit();
    m_thread.wait();
}

SnapshotStudyTab::BarChart SnapshotStudyTab::createChart(const QString &objectName,
                                                         const QString &title,
                                                         const QStringList &setNames,
                                                         const QList<QColor> &colours)
{
    BarChart chart;
    auto *qchart = new QChart;
    qchart->setTitle(title);
    chart.series = new QHorizontalBarSeries;
    for (qsizetype i = 0; i < setNames.size(); ++i) {
        auto *set = new QBarSet(setNames.at(i));
        set->setColor(colours.at(i));
        set->setBorderColor(colours.at(i).darker(115));
        chart.series->append(set);
    }
    qchart->addSeries(chart.series);
    chart.categories = new QBarCategoryAxis;
    QFont labels = chart.categories->labelsFont();
    labels.setPointSizeF(labels.pointSizeF() * 0.8);
    chart.categories->setLabelsFont(labels);
    chart.values = new QValueAxis;
    chart.values->setLabelFormat(u"%g"_s);
    qchart->addAxis(chart.categories, Qt::AlignLeft);
    qchart->addAxis(chart.values, Qt::AlignBottom);
    chart.series->attachAxis(chart.categories);
    chart.series->attachAxis(chart.values);
    qchart->legend()->setAlignment(Qt::AlignTop);
    qchart->setMargins(QMargins(2, 0, 2, 0));
    qchart->layout()->setContentsMargins(2, 2, 2, 2);
    qchart->setBackgroundRoundness(0);
    chart.view = new ChartView(qchart);
    chart.view->setObjectName(objectName);
    return chart;
}

void SnapshotStudyTab::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    updatePolicyLabels();
    validate();
}

std::optional<QList<SnapshotSetting>> SnapshotStudyTab::parsedSettings(QString *error) const
{
    std::optional<QString> intervals;
    if (!m_intervals->text().trimmed().isEmpty())
        intervals = m_intervals->text();
    QStringList policies;
    if (m_onEvent->isChecked())
        policies.append(OnEvent);
    if (m_loadBudget->isChecked())
        policies.append(LoadBudget);
    if (!intervals && policies.isEmpty()) {
        *error = tr("Enter intervals such as %1, or pick a policy.").arg(DefaultIntervals);
        return std::nullopt;
    }
    const SnapshotSettingsParseResult parsed = parseSnapshotSettings(
        intervals, policies.isEmpty() ? std::nullopt : std::optional(policies.join(u',')),
        m_scenario.snapshots);
    if (!parsed.settings) {
        // The parser speaks in command-line options; here they are the fields beside it.
        *error = QString(parsed.error)
                     .replace(u"--snapshot-every"_s, tr("intervals"))
                     .replace(u"--policies"_s, tr("policies"));
        return std::nullopt;
    }
    return parsed.settings;
}

void SnapshotStudyTab::validate()
{
    QString error;
    const bool valid = parsedSettings(&error).has_value();
    m_intervalsError->setText(error);
    m_intervalsError->setVisible(!valid);
    m_intervals->setStyleSheet(valid ? QString() : u"border: 1px solid #c62828;"_s);
    m_run->setEnabled(valid && !m_running);
}

void SnapshotStudyTab::updatePolicyLabels()
{
    m_onEvent->setText(SnapshotSetting::policy(OnEvent).label(m_scenario.snapshots));
    m_loadBudget->setText(SnapshotSetting::policy(LoadBudget).label(m_scenario.snapshots));
}

void SnapshotStudyTab::runSweep()
{
    if (m_running)
        return;
    QString error;
    const std::optional<QList<SnapshotSetting>> settings = parsedSettings(&error);
    if (!settings) {
        validate();
        m_status->setText(tr("Nothing ran: %1").arg(error));
        emit sweepFinished();
        return;
    }

    m_rows.clear();
    showRows();
    setRunning(true);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Starting..."));
    m_status->setText(
        tr("Scenario '%1', seed %2, %3 orders: %n setting(s).", nullptr, int(settings->size()))
            .arg(m_scenario.name)
            .arg(m_scenario.seed)
            .arg(m_scenario.orders.count));

    m_stop = std::make_shared<std::atomic_bool>(false);
    QMetaObject::invokeMethod(
        m_worker,
        [this, scenario = m_scenario, settings = *settings, stop = m_stop] {
            SnapshotSweep sweep(scenario, settings);
            const bool ok = sweep.run(
                [stop] {
                    return stop->load() || QThread::currentThread()->isInterruptionRequested();
                },
                [this](const SnapshotSweep::Progress &progress) {
                    QMetaObject::invokeMethod(
                        this, [this, progress] { showProgress(progress); }, Qt::QueuedConnection);
                },
                ProgressIntervalMs);
            QMetaObject::invokeMethod(
                this,
                [this, rows = sweep.rows(), interrupted = sweep.isInterrupted(),
                 error = ok ? QString() : sweep.errorString()] {
                    finishSweep(rows, interrupted, error);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void SnapshotStudyTab::cancelSweep()
{
    if (!m_running || !m_stop)
        return;
    m_stop->store(true);
    m_cancel->setEnabled(false);
    m_progress->setFormat(tr("Cancelling after the current step..."));
}

void SnapshotStudyTab::showProgress(const SnapshotSweep::Progress &progress)
{
    if (!m_running || progress.settings <= 0)
        return;
    double within = 0;
    QString step;
    if (progress.phase == SnapshotSweep::Progress::Phase::Running) {
        within = progress.orders > 0
            ? RunningShare * double(progress.ordersFinished) / double(progress.orders)
            : 0;
        step = tr("running, %1 of %2 orders finished, %3 events")
                   .arg(progress.ordersFinished)
                   .arg(progress.orders)
                   .arg(progress.events);
    } else {
        within = RunningShare
            + (1 - RunningShare)
                * (progress.loadsToMeasure > 0
                       ? double(progress.loadsMeasured) / double(progress.loadsToMeasure)
                       : 0);
        step
            = tr("timing loads, %1 of %2").arg(progress.loadsMeasured).arg(progress.loadsToMeasure);
    }
    m_progress->setValue(
        int(1000.0 * (double(progress.setting) + within) / double(progress.settings)));
    if (!m_stop || !m_stop->load())
        m_progress->setFormat(tr("Setting %1 of %2: %3, %4")
                                  .arg(progress.setting + 1)
                                  .arg(progress.settings)
                                  .arg(progress.label, step));
}

void SnapshotStudyTab::finishSweep(const QList<SweepRow> &rows, bool interrupted,
                                   const QString &error)
{
    m_rows = rows;
    m_stop.reset();
    setRunning(false);
    showRows();
    if (!error.isEmpty()) {
        m_progress->setFormat(tr("Failed"));
        m_status->setText(tr("The sweep failed: %1").arg(error));
    } else if (interrupted) {
        m_progress->setFormat(tr("Cancelled"));
        m_status->setText(tr("Cancelled: %n setting(s) finished.", nullptr, int(rows.size())));
    } else {
        m_progress->setValue(m_progress->maximum());
        m_progress->setFormat(tr("Done: %n setting(s)", nullptr, int(rows.size())));
        if (!rows.isEmpty())
            m_status->setText(
                tr("Scenario '%1', seed %2: %3 events per run. Load times are the fastest of "
                   "repeated loads of up to %4 orders from each run's store.")
                    .arg(m_scenario.name)
                    .arg(m_scenario.seed)
                    .arg(rows.first().events)
                    .arg(rows.first().loadsMeasured));
    }
    emit sweepFinished();
}

void SnapshotStudyTab::showRows()
{
    QStringList labels;
    for (const SweepRow &row : std::as_const(m_rows))
        labels.append(row.label);
    // Horizontal bars are drawn bottom-up; reversed, the settings read top-down as in the table.
    std::reverse(labels.begin(), labels.end());

    const auto fill = [&labels](BarChart &chart, const QList<QList<double>> &values) {
        const QList<QBarSet *> sets = chart.series->barSets();
        double max = 0;
        for (qsizetype i = 0; i < sets.size(); ++i) {
            sets.at(i)->remove(0, sets.at(i)->count());
            for (double value : QList<double>(values.at(i).crbegin(), values.at(i).crend())) {
                sets.at(i)->append(value);
                max = std::max(max, value);
            }
        }
        chart.categories->clear();
        chart.categories->append(labels);
        chart.values->setRange(0, max > 0 ? max * 1.05 : 1);
        chart.values->applyNiceNumbers();
    };

    QList<QList<double>> replayed(3);
    QList<QList<double>> loadTime(2);
    QList<QList<double>> storage(2);
    QList<QList<double>> writeCost(1);
    for (const SweepRow &row : std::as_const(m_rows)) {
        replayed[0].append(row.eventsReplayedMean);
        replayed[1].append(double(row.eventsReplayedP95));
        replayed[2].append(double(row.eventsReplayedMax));
        loadTime[0].append(row.loadMsMean);
        loadTime[1].append(row.loadMsP95);
        storage[0].append(double(row.snapshotBytes) / 1024.0);
        storage[1].append(double(row.eventBytes) / 1024.0);
        writeCost[0].append(row.snapshotWriteShare() * 100.0);
    }
    fill(m_replayed, replayed);
    fill(m_loadTime, loadTime);
    fill(m_storage, storage);
    fill(m_writeCost, writeCost);

    const QLocale locale;
    const auto number = [&locale](double value, int decimals) {
        return numberItem(locale.toString(value, 'f', decimals));
    };
    m_table->setRowCount(int(m_rows.size()));
    // The table shows every row of a usual sweep without scrolling; the charts take the rest.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height()
                              + int(std::clamp<qsizetype>(m_rows.size(), 2, 8))
                                  * m_table->verticalHeader()->defaultSectionSize()
                              + 2 * m_table->frameWidth() + 2);
    for (int r = 0; r < m_rows.size(); ++r) {
        const SweepRow &row = m_rows.at(r);
        m_table->setItem(r, 0, new QTableWidgetItem(row.label));
        m_table->setItem(r, 1, number(row.eventsReplayedMean, 1));
        m_table->setItem(r, 2, numberItem(locale.toString(row.eventsReplayedP95)));
        m_table->setItem(r, 3, numberItem(locale.toString(row.eventsReplayedMax)));
        m_table->setItem(r, 4, number(row.loadMsMean, 3));
        m_table->setItem(r, 5, number(row.loadMsP95, 3));
        m_table->setItem(r, 6, numberItem(locale.toString(row.snapshotsWritten)));
        m_table->setItem(r, 7, number(double(row.snapshotBytes) / 1024.0, 1));
        m_table->setItem(r, 8, number(double(row.eventBytes) / 1024.0, 1));
        m_table->setItem(r, 9, number(row.snapshotWriteShare() * 100.0, 2));
    }
}

void SnapshotStudyTab::setRunning(bool running)
{
    m_running = running;
    m_intervals->setEnabled(!running);
    m_onEvent->setEnabled(!running);
    m_loadBudget->setEnabled(!running);
    m_cancel->setEnabled(running);
    validate();
}

} // namespace eslab
