#include "simulation/scenario.h"
#include "ui/scenarioeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace eslab {

class TestScenarioEditor : public QObject
{
    Q_OBJECT

private:
    static Scenario preset(const QString &file)
    {
        const ScenarioParseResult parsed = loadScenarioFile(u":/eslab/scenarios/"_s + file);
        if (!parsed.scenario)
            qFatal("%s", qPrintable(parsed.error));
        return *parsed.scenario;
    }

    template<typename T> static T *child(const ScenarioEditor &editor, const QString &name)
    {
        T *widget = editor.findChild<T *>(name);
        if (!widget)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return widget;
    }

    static QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
    {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(file.fileName()));
        return file.fileName();
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void startsWithTheDefaultPreset()
    {
        ScenarioEditor editor;
        QCOMPARE(editor.scenario(), preset(u"default.json"_s));
        Scenario withoutDescription = editor.scenario();
        withoutDescription.description.clear();
        QCOMPARE(withoutDescription, Scenario());
        QVERIFY(editor.isValid());
        QCOMPARE(child<QComboBox>(editor, u"presets"_s)->currentText(), u"Default"_s);
    }

    void givesBackTheDefaults()
    {
        ScenarioEditor editor;
        editor.setScenario(preset(u"happy_path.json"_s));
        editor.setScenario(Scenario());
        QCOMPARE(editor.scenario(), Scenario());
        QVERIFY(editor.isValid());
    }

    void givesBackEveryPreset_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files
            = QDir(u":/eslab/scenarios"_s).entryList({ u"*.json"_s }, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 10);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << file;
    }

    void givesBackEveryPreset()
    {
        QFETCH(QString, file);
        const Scenario expected = preset(file);
        ScenarioEditor editor;
        QSignalSpy changed(&editor, &ScenarioEditor::scenarioChanged);
        editor.setScenario(expected);
        QCOMPARE(editor.scenario(), expected);
        QVERIFY(editor.isValid());
        QCOMPARE(changed.size(), 1);
    }

    void givesBackWhatTheWidgetsCannotShow()
    {
        // A mix that names one service, a hand-written rate finer than a percent, event types
        // in the file's order and the largest seed.
        Scenario expected;
        expected.seed = (qint64(1) << 53) - 1;
        expected.orders.services = { { u"views"_s, 1.0 } };
        expected.orders.cancelRate = 0.0125;
        expected.snapshots.policy = u"on_event"_s;
        expected.snapshots.eventTypes = { u"OrderCompleted"_s, u"OrderStarted"_s };
        ScenarioEditor editor;
        editor.setScenario(expected);
        QCOMPARE(editor.scenario(), expected);
        QVERIFY(editor.isValid());
    }

    void everyFieldHasAWidgetNamedByItsPath()
    {
        ScenarioEditor editor;
        const QStringList paths {
            u"name"_s,
            u"seed"_s,
            u"orders.count"_s,
            u"orders.arrival_per_min"_s,
            u"orders.services.likes"_s,
            u"orders.services.followers"_s,
            u"orders.services.views"_s,
            u"orders.quantity.min"_s,
            u"orders.quantity.max"_s,
            u"orders.points_per_unit"_s,
            u"orders.cancel_rate"_s,
            u"execution.batch_size"_s,
            u"execution.workers"_s,
            u"execution.batch_duration_ms.mean"_s,
            u"execution.batch_duration_ms.jitter"_s,
            u"execution.retry.max_attempts"_s,
            u"execution.retry.backoff_ms"_s,
            u"failures.payment_failure_rate"_s,
            u"failures.batch_failure_rate"_s,
            u"failures.worker_crash_rate"_s,
            u"failures.duplicate_delivery_rate"_s,
            u"failures.projector_crash_rate"_s,
            u"failures.poison_event_rate"_s,
            u"failures.concurrent_writer_rate"_s,
            u"failures.legacy_event_rate"_s,
            u"snapshots.policy"_s,
            u"snapshots.n"_s,
            u"snapshots.event_types"_s,
            u"snapshots.load_budget"_s,
            u"projections.poll_interval_ms"_s,
            u"projections.batch_size"_s,
            u"projections.cost_per_event_ms"_s,
            u"projections.checkpoint"_s,
            u"projections.idempotent"_s,
            u"projections.failure_policy"_s,
            u"projections.retry_attempts"_s,
            u"run.speed"_s,
        };
        for (const QString &path : paths) {
            auto *widget = editor.findChild<QWidget *>(path);
            QVERIFY2(widget, qPrintable(path));
            QVERIFY2(widget->toolTip().contains(path), qPrintable(path));
            QVERIFY2(editor.findChild<QLabel *>(path + u".error"_s), qPrintable(path));
        }
    }

    void editingAWidgetChangesTheScenario()
    {
        ScenarioEditor editor;
        QSignalSpy changed(&editor, &ScenarioEditor::scenarioChanged);

        child<QSpinBox>(editor, u"orders.count"_s)->setValue(123);
        QCOMPARE(editor.scenario().orders.count, 123);
        QCOMPARE(changed.size(), 1);

        child<QDoubleSpinBox>(editor, u"failures.worker_crash_rate"_s)->setValue(0.25);
        QCOMPARE(editor.scenario().failures.workerCrashRate, 0.25);

        child<QLineEdit>(editor, u"name"_s)->setText(u"Mine"_s);
        QCOMPARE(editor.scenario().name, u"Mine"_s);

        auto *policy = child<QComboBox>(editor, u"snapshots.policy"_s);
        policy->setCurrentIndex(policy->findData(u"on_event"_s));
        QCOMPARE(editor.scenario().snapshots.policy, u"on_event"_s);

        auto *types = child<QListWidget>(editor, u"snapshots.event_types"_s);
        types->findItems(u"OrderCompleted"_s, Qt::MatchExactly)
            .constFirst()
            ->setCheckState(Qt::Checked);
        QCOMPARE(editor.scenario().snapshots.eventTypes,
                 QStringList({ u"OrderStarted"_s, u"OrderCompleted"_s }));

        child<QCheckBox>(editor, u"projections.idempotent"_s)->setChecked(false);
        QCOMPARE(editor.scenario().projections.idempotent, false);

        child<QDoubleSpinBox>(editor, u"seed"_s)->setValue(7);
        QCOMPARE(editor.scenario().seed, 7);
        QVERIFY(editor.isValid());
        QCOMPARE(changed.size(), 7);
    }

    void fieldsOutsideThePolicyAreDisabled()
    {
        ScenarioEditor editor;
        editor.show();
        auto *policy = child<QComboBox>(editor, u"snapshots.policy"_s);
        QVERIFY(child<QSpinBox>(editor, u"snapshots.n"_s)->isEnabled());
        QVERIFY(!child<QListWidget>(editor, u"snapshots.event_types"_s)->isEnabled());
        policy->setCurrentIndex(policy->findData(u"load_budget"_s));
        QVERIFY(!child<QSpinBox>(editor, u"snapshots.n"_s)->isEnabled());
        QVERIFY(child<QSpinBox>(editor, u"snapshots.load_budget"_s)->isEnabled());
        QVERIFY(!child<QSpinBox>(editor, u"projections.retry_attempts"_s)->isEnabled());
        auto *failurePolicy = child<QComboBox>(editor, u"projections.failure_policy"_s);
        failurePolicy->setCurrentIndex(failurePolicy->findData(u"retry"_s));
        QVERIFY(child<QSpinBox>(editor, u"projections.retry_attempts"_s)->isEnabled());
    }

    void minAboveMaxIsShownAtTheMinAndFixable()
    {
        ScenarioEditor editor;
        editor.setScenario(preset(u"happy_path.json"_s));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy validity(&editor, &ScenarioEditor::validityChanged);
        auto *min = child<QSpinBox>(editor, u"orders.quantity.min"_s);
        auto *error = child<QLabel>(editor, u"orders.quantity.min.error"_s);
        QVERIFY(!error->isVisible());

        min->setValue(5000);
        QVERIFY(!editor.isValid());
        QCOMPARE(validity.size(), 1);
        QCOMPARE(validity.at(0).at(0).toBool(), false);
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(u"orders.quantity.min is 5000"_s),
                 qPrintable(error->text()));
        QVERIFY(error->text().contains(u"orders.quantity.max (3000)"_s));
        QVERIFY(!child<QLabel>(editor, u"orders.quantity.max.error"_s)->isVisible());
        QVERIFY(!child<QPushButton>(editor, u"saveFile"_s)->isEnabled());
        auto *banner = child<QLabel>(editor, u"error"_s);
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains(u"orders.quantity.min"_s));

        min->setValue(3000);
        QVERIFY(editor.isValid());
        QCOMPARE(validity.size(), 2);
        QCOMPARE(validity.at(1).at(0).toBool(), true);
        QVERIFY(!error->isVisible());
        QVERIFY(!banner->isVisible());
        QCOMPARE(editor.scenario().orders.quantityMin, 3000);
    }

    void invalidValuesAreShownAtTheirField_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("errorLabel");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("no service share above 0")
            << u"orders.services"_s << u"orders.services.error"_s
            << u"at least one share above 0"_s;
        QTest::newRow("arrivals of 0")
            << u"orders.arrival_per_min"_s << u"orders.arrival_per_min.error"_s << u"above 0"_s;
        QTest::newRow("empty name") << u"name"_s << u"name.error"_s << u"a non-empty string"_s;
        QTest::newRow("speed below 0.001")
            << u"run.speed"_s << u"run.speed.error"_s << u"0 (as fast as possible)"_s;
    }

    void invalidValuesAreShownAtTheirField()
    {
        QFETCH(QString, path);
        QFETCH(QString, errorLabel);
        QFETCH(QString, fragment);
        ScenarioEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy validity(&editor, &ScenarioEditor::validityChanged);
        if (path == u"orders.services"_s) {
            for (const QString &service : { u"likes"_s, u"followers"_s, u"views"_s })
                child<QDoubleSpinBox>(editor, u"orders.services."_s + service)->setValue(0);
        } else if (path == u"orders.arrival_per_min"_s) {
            child<QDoubleSpinBox>(editor, path)->setValue(0);
        } else if (path == u"name"_s) {
            child<QLineEdit>(editor, path)->clear();
        } else if (path == u"run.speed"_s) {
            child<QDoubleSpinBox>(editor, path)->setValue(0.0001);
        }
        QVERIFY(!editor.isValid());
        QCOMPARE(validity.size(), 1);
        auto *error = child<QLabel>(editor, errorLabel);
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(path), qPrintable(error->text()));
        QVERIFY2(error->text().contains(fragment), qPrintable(error->text()));
    }

    void loadsAGoodFile()
    {
        QTemporaryDir dir;
        const QString path
            = writeFile(dir, u"mine.json"_s, R"({"name": "Mine", "orders": {"count": 7}})");
        ScenarioEditor editor;
        QSignalSpy changed(&editor, &ScenarioEditor::scenarioChanged);
        QVERIFY(editor.loadFile(path));
        QVERIFY(editor.errorString().isEmpty());
        QCOMPARE(editor.scenario().name, u"Mine"_s);
        QCOMPARE(editor.scenario().orders.count, 7);
        QCOMPARE(child<QSpinBox>(editor, u"orders.count"_s)->value(), 7);
        QCOMPARE(child<QComboBox>(editor, u"presets"_s)->currentIndex(), -1);
        QCOMPARE(changed.size(), 1);
    }

    void aBadFileLeavesTheEditorAsItWas_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("not JSON") << QByteArray("{\"orders\": ") << u"invalid JSON"_s;
        QTest::newRow("typo") << QByteArray(R"({"ordres": {}})") << u"did you mean 'orders'"_s;
        QTest::newRow("out of range")
            << QByteArray(R"({"orders": {"count": -5}})") << u"orders.count is -5"_s;
        QTest::newRow("min above max")
            << QByteArray(R"({"orders": {"quantity": {"min": 9, "max": 2}}})")
            << u"orders.quantity.min is 9"_s;
    }

    void aBadFileLeavesTheEditorAsItWas()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, fragment);
        QTemporaryDir dir;
        const QString path = writeFile(dir, u"bad.json"_s, text);
        ScenarioEditor editor;
        const Scenario before = preset(u"worker_crash.json"_s);
        editor.setScenario(before);
        QSignalSpy changed(&editor, &ScenarioEditor::scenarioChanged);
        QSignalSpy validity(&editor, &ScenarioEditor::validityChanged);

        QVERIFY(!editor.loadFile(path));
        QVERIFY2(editor.errorString().contains(path), qPrintable(editor.errorString()));
        QVERIFY2(editor.errorString().contains(fragment), qPrintable(editor.errorString()));
        QCOMPARE(editor.scenario(), before);
        QVERIFY(editor.isValid());
        QCOMPARE(child<QComboBox>(editor, u"presets"_s)->currentText(), before.name);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(validity.size(), 0);
    }

    void aMissingFileIsNamed()
    {
        ScenarioEditor editor;
        const Scenario before = editor.scenario();
        QVERIFY(!editor.loadFile(u"/nonexistent/scenario.json"_s));
        QVERIFY(editor.errorString().contains(u"/nonexistent/scenario.json"_s));
        QCOMPARE(editor.scenario(), before);
    }

    void choosingAPresetLoadsItAndShowsItsDescription()
    {
        ScenarioEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto *presets = child<QComboBox>(editor, u"presets"_s);
        QCOMPARE(presets->currentText(), u"Default"_s);
        QCOMPARE(presets->count(),
                 QDir(u":/eslab/scenarios"_s).entryList({ u"*.json"_s }, QDir::Files).size());
        const Scenario expected = preset(u"poison_event.json"_s);
        QSignalSpy changed(&editor, &ScenarioEditor::scenarioChanged);

        presets->setCurrentIndex(presets->findText(expected.name));
        QCOMPARE(editor.scenario(), expected);
        QCOMPARE(changed.size(), 1);
        auto *description = child<QLabel>(editor, u"description"_s);
        QVERIFY(description->isVisible());
        QCOMPARE(description->text(), expected.description.value(u"en"_s));
        QCOMPARE(child<QDoubleSpinBox>(editor, u"failures.poison_event_rate"_s)->value(),
                 expected.failures.poisonEventRate);
    }

    void editingAPresetMakesItCustom()
    {
        ScenarioEditor editor;
        editor.setScenario(preset(u"flaky_workers.json"_s));
        auto *presets = child<QComboBox>(editor, u"presets"_s);
        QCOMPARE(presets->currentText(), preset(u"flaky_workers.json"_s).name);
        child<QSpinBox>(editor, u"execution.workers"_s)->setValue(9);
        QCOMPARE(presets->currentIndex(), -1);
        child<QSpinBox>(editor, u"execution.workers"_s)
            ->setValue(int(preset(u"flaky_workers.json"_s).execution.workers));
        QCOMPARE(presets->currentText(), preset(u"flaky_workers.json"_s).name);
    }

    void injectedFailuresStandOut()
    {
        ScenarioEditor editor;
        editor.setScenario(preset(u"poison_event.json"_s));
        const auto isBold = [&editor](const QString &path) {
            for (QLabel *label : editor.findChildren<QLabel *>()) {
                if (label->buddy() == child<QWidget>(editor, path))
                    return label->font().bold();
            }
            qFatal("no label for %s", qPrintable(path));
        };
        QVERIFY(isBold(u"failures.poison_event_rate"_s));
        QVERIFY(!isBold(u"failures.payment_failure_rate"_s));
        child<QDoubleSpinBox>(editor, u"failures.payment_failure_rate"_s)->setValue(0.5);
        QVERIFY(isBold(u"failures.payment_failure_rate"_s));
    }

    void theDescriptionFollowsTheLanguage()
    {
        QLocale::setDefault(QLocale(QLocale::Korean, QLocale::SouthKorea));
        const auto restore = qScopeGuard(
            [] { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); });
        ScenarioEditor editor;
        const Scenario expected = preset(u"happy_path.json"_s);
        editor.setScenario(expected);
        QCOMPARE(child<QLabel>(editor, u"description"_s)->text(),
                 expected.description.value(u"ko"_s));

        Scenario english = expected;
        english.description.remove(u"ko"_s);
        editor.setScenario(english);
        QCOMPARE(child<QLabel>(editor, u"description"_s)->text(),
                 expected.description.value(u"en"_s));
    }
};

} // namespace eslab

QTEST_MAIN(eslab::TestScenarioEditor)
#include "tst_scenarioeditor.moc"
