#include "pages/ModelsPage.h"
#include "GatewayHost.h"
#include "support/TestHost.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

class ModelsPageTest : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        const ui::GatewayHost::Options options = testHostOptions(m_dir->path());
        m_host = std::make_unique<ui::GatewayHost>(options);
        QVERIFY(m_host->start().ok());
        m_page = std::make_unique<ui::ModelsPage>(m_host.get());
    }

    void cleanup()
    {
        m_page.reset();
        m_host.reset();
    }

    void editAnAliasAndApplyIt()
    {
        auto* aliases = m_page->findChild<QListWidget*>(QStringLiteral("aliases"));
        auto* name = m_page->findChild<QLineEdit*>(QStringLiteral("aliasName"));
        auto* targets = m_page->findChild<QTableWidget*>(QStringLiteral("targets"));
        auto* apply = m_page->findChild<QPushButton*>(QStringLiteral("apply"));
        QCOMPARE(aliases->count(), 2);
        aliases->setCurrentRow(0);
        QCOMPARE(name->text(), QStringLiteral("mock-fast"));
        // Rename the alias and point it at the other mock model.
        name->setText(QStringLiteral("fast-renamed"));
        emit name->textEdited(name->text());
        targets->item(0, 1)->setText(QStringLiteral("mock-smart"));
        QVERIFY(apply->isEnabled());
        apply->click();
        QVERIFY(!m_page->findChild<QLabel*>(QStringLiteral("errors"))->isVisible());
        const auto* alias = m_host->config().model(QStringLiteral("fast-renamed"));
        QVERIFY(alias);
        QCOMPARE(alias->targets.first().model, QStringLiteral("mock-smart"));
        QVERIFY(!m_host->config().model(QStringLiteral("mock-fast")));
        QFile saved(m_host->configPath());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("fast-renamed"));
    }

    void invalidEditsShowTheLoadersErrorInline()
    {
        m_page->show();
        auto* targets = m_page->findChild<QTableWidget*>(QStringLiteral("targets"));
        m_page->findChild<QListWidget*>(QStringLiteral("aliases"))->setCurrentRow(1);
        targets->item(0, 1)->setText(QString()); // no upstream model
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        auto* errors = m_page->findChild<QLabel*>(QStringLiteral("errors"));
        QVERIFY(errors->isVisible());
        QVERIFY2(errors->text().contains(QStringLiteral("models[1].targets[0].model")),
                 qPrintable(errors->text()));
        // Nothing was applied.
        QCOMPARE(m_host->config().model(QStringLiteral("mock-smart"))->targets.first().model,
                 QStringLiteral("mock-smart"));
    }

    void tryItSendsOneRequestThroughTheGateway()
    {
        m_page->findChild<QComboBox*>(QStringLiteral("tryAlias"))
            ->setCurrentText(QStringLiteral("mock-fast"));
        m_page->findChild<QLineEdit*>(QStringLiteral("tryPrompt"))
            ->setText(QStringLiteral("Say hello"));
        m_page->findChild<QPushButton*>(QStringLiteral("trySend"))->click();
        auto* stats = m_page->findChild<QLabel*>(QStringLiteral("tryStats"));
        QTRY_VERIFY_WITH_TIMEOUT(stats->text().contains(QStringLiteral("completion tokens")), 5000);
        QVERIFY(stats->text().contains(QStringLiteral("24 completion")));
        QVERIFY(!m_page->findChild<QPlainTextEdit*>(QStringLiteral("tryAnswer"))
                     ->toPlainText()
                     .isEmpty());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
    std::unique_ptr<ui::ModelsPage> m_page;
};

QTEST_MAIN(ModelsPageTest)
#include "ModelsPageTest.moc"
