#include "pages/SettingsPage.h"

#include "Appearance.h"
#include "GatewayHost.h"
#include "config/ConfigLoader.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace ui {

SettingsPage::SettingsPage(GatewayHost* host, Appearance* appearance, QWidget* parent)
    : QWidget(parent), m_host(host), m_appearance(appearance), m_gatewayTitle(new QLabel),
      m_appearanceTitle(new QLabel), m_gatewayForm(new QFormLayout),
      m_appearanceForm(new QFormLayout), m_listen(new QLineEdit), m_listenNote(new QLabel),
      m_dataDir(new QLabel), m_openDataDir(new QPushButton), m_capture(new QCheckBox),
      m_maxBody(new QSpinBox), m_retentionDays(new QSpinBox), m_retentionRows(new QSpinBox),
      m_status(new QLabel), m_apply(new QPushButton), m_theme(new QComboBox),
      m_language(new QComboBox)
{
    m_listen->setObjectName(QStringLiteral("listen"));
    m_capture->setObjectName(QStringLiteral("captureBodies"));
    m_retentionDays->setObjectName(QStringLiteral("retentionDays"));
    m_retentionRows->setObjectName(QStringLiteral("retentionRows"));
    m_maxBody->setObjectName(QStringLiteral("maxBodyBytes"));
    m_apply->setObjectName(QStringLiteral("apply"));
    m_status->setObjectName(QStringLiteral("status"));
    m_theme->setObjectName(QStringLiteral("theme"));
    m_language->setObjectName(QStringLiteral("language"));

    m_maxBody->setRange(0, 16 * 1024 * 1024);
    m_maxBody->setSingleStep(1024);
    m_retentionDays->setRange(0, 36'500);
    m_retentionRows->setRange(0, 2'000'000'000);
    m_retentionRows->setSingleStep(100'000);
    m_dataDir->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_listenNote->setWordWrap(true);
    m_status->setWordWrap(true);
    m_listen->setMaximumWidth(260);
    for (QSpinBox* box : {m_maxBody, m_retentionDays, m_retentionRows})
        box->setMaximumWidth(200);

    auto* dataDirRow = new QHBoxLayout;
    dataDirRow->addWidget(m_dataDir, 1);
    dataDirRow->addWidget(m_openDataDir);
    // Labels are set (and re-set on a language change) in retranslate().
    m_gatewayForm->addRow(new QLabel, m_listen);
    m_gatewayForm->addRow(new QLabel, m_listenNote);
    m_gatewayForm->addRow(new QLabel, dataDirRow);
    m_gatewayForm->addRow(new QLabel, m_capture);
    m_gatewayForm->addRow(new QLabel, m_maxBody);
    m_gatewayForm->addRow(new QLabel, m_retentionDays);
    m_gatewayForm->addRow(new QLabel, m_retentionRows);
    for (const QString& code : Appearance::languages())
        m_language->addItem(Appearance::languageName(code), code);
    m_theme->setMaximumWidth(260);
    m_language->setMaximumWidth(260);
    m_appearanceForm->addRow(new QLabel, m_theme);
    m_appearanceForm->addRow(new QLabel, m_language);

    auto* applyRow = new QHBoxLayout;
    applyRow->addWidget(m_status, 1);
    applyRow->addWidget(m_apply);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_gatewayTitle);
    layout->addLayout(m_gatewayForm);
    layout->addLayout(applyRow);
    layout->addSpacing(16);
    layout->addWidget(m_appearanceTitle);
    layout->addLayout(m_appearanceForm);
    layout->addStretch();

    connect(m_apply, &QPushButton::clicked, this, &SettingsPage::applyGateway);
    connect(m_openDataDir, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_host->dataDir())); });
    connect(m_theme, &QComboBox::activated, this, [this](int index) {
        if (m_appearance)
            m_appearance->setTheme(Appearance::Theme(m_theme->itemData(index).toInt()));
    });
    connect(m_language, &QComboBox::activated, this, [this](int index) {
        if (m_appearance && !m_appearance->setLanguage(m_language->itemData(index).toString()))
            m_status->setText(tr("That language could not be loaded."));
    });
    connect(m_host, &GatewayHost::configChanged, this, &SettingsPage::load);
    m_theme->setEnabled(m_appearance != nullptr);
    m_language->setEnabled(m_appearance != nullptr);
    retranslate();
    load();
}

void SettingsPage::load()
{
    const auto& c = m_host->config();
    m_listen->setText(gateway::config::ConfigLoader::formatListen(c.server.host, c.server.port));
    m_dataDir->setText(m_host->dataDir());
    m_capture->setChecked(c.logging.captureBodies);
    m_maxBody->setValue(c.logging.maxBodyBytes);
    m_retentionDays->setValue(c.logging.retentionDays);
    m_retentionRows->setValue(int(qMin<qint64>(c.logging.retentionRows, 2'000'000'000)));
    if (m_appearance) {
        m_language->setCurrentIndex(qMax(0, m_language->findData(m_appearance->language())));
        m_theme->setCurrentIndex(qMax(0, m_theme->findData(int(m_appearance->theme()))));
    }
}

void SettingsPage::applyGateway()
{
    QString host;
    quint16 port = 0;
    if (!gateway::config::ConfigLoader::parseListen(m_listen->text().trimmed(), &host, &port)) {
        m_status->setText(
            tr("The listen address must be HOST:PORT with an IP address, e.g. 127.0.0.1:4000."));
        return;
    }
    QJsonObject doc = m_host->configDocument();
    QJsonObject server = doc.value(QStringLiteral("server")).toObject();
    const QString listen = m_listen->text().trimmed();
    const bool listenChanged =
        server.value(QStringLiteral("listen")).toString() != listen &&
        (host != m_host->config().server.host || port != m_host->config().server.port);
    server.insert(QStringLiteral("listen"), listen);
    doc.insert(QStringLiteral("server"), server);
    QJsonObject logging = doc.value(QStringLiteral("logging")).toObject();
    logging.insert(QStringLiteral("captureBodies"), m_capture->isChecked());
    logging.insert(QStringLiteral("maxBodyBytes"), m_maxBody->value());
    logging.insert(QStringLiteral("retentionDays"), m_retentionDays->value());
    logging.insert(QStringLiteral("retentionRows"), m_retentionRows->value());
    doc.insert(QStringLiteral("logging"), logging);
    const auto applied = m_host->applyConfig(doc);
    if (!applied) {
        m_status->setText(applied.error());
        return;
    }
    if (listenChanged && m_host->isRunning()) {
        // The listener binds once: a new address means a restart of the gateway.
        m_host->stop();
        const auto started = m_host->start();
        m_status->setText(
            started ? tr("Saved. The gateway now listens at %1.").arg(m_host->baseUrl())
                    : tr("Saved, but the gateway did not start: %1").arg(started.error()));
        return;
    }
    m_status->setText(tr("Saved and applied."));
}

void SettingsPage::retranslate()
{
    m_gatewayTitle->setText(tr("<b>Gateway</b>"));
    m_appearanceTitle->setText(tr("<b>Appearance</b>"));
    auto label = [](QFormLayout* form, int row, const QString& text) {
        if (auto* item = form->itemAt(row, QFormLayout::LabelRole))
            if (auto* l = qobject_cast<QLabel*>(item->widget()))
                l->setText(text);
    };
    label(m_gatewayForm, 0, tr("Listen address:"));
    label(m_gatewayForm, 2, tr("Data directory:"));
    label(m_gatewayForm, 3, tr("Request log:"));
    label(m_gatewayForm, 4, tr("Body capture limit (bytes):"));
    label(m_gatewayForm, 5, tr("Keep rows for (days, 0 = forever):"));
    label(m_gatewayForm, 6, tr("Keep at most (rows, 0 = all):"));
    label(m_appearanceForm, 0, tr("Theme:"));
    label(m_appearanceForm, 1, tr("Language:"));
    m_listenNote->setText(
        tr("A new address restarts the gateway. The --listen option, when given, wins over this."));
    m_openDataDir->setText(tr("Open folder"));
    m_capture->setText(tr("Capture request and response bodies (they may hold personal data)"));
    m_apply->setText(tr("Apply"));
    const int theme = m_theme->currentIndex();
    m_theme->clear();
    m_theme->addItem(tr("System"), int(Appearance::Theme::System));
    m_theme->addItem(tr("Light"), int(Appearance::Theme::Light));
    m_theme->addItem(tr("Dark"), int(Appearance::Theme::Dark));
    m_theme->setCurrentIndex(qMax(0, theme));
}

void SettingsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ui
