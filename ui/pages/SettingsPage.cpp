#include "pages/SettingsPage.h"

#include "Appearance.h"
#include "GatewayHost.h"
#include "config/ConfigLoader.h"
#include "tls/SelfSignedCertificate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSslCertificate>
#include <QUrl>
#include <QVBoxLayout>

namespace ui {

SettingsPage::SettingsPage(GatewayHost* host, Appearance* appearance, QWidget* parent)
    : Page(parent), m_host(host), m_appearance(appearance), m_gatewayTitle(new QLabel),
      m_appearanceTitle(new QLabel), m_browserTitle(new QLabel), m_browserNote(new QLabel),
      m_gatewayForm(new QFormLayout), m_appearanceForm(new QFormLayout), m_listen(new QLineEdit),
      m_listenNote(new QLabel), m_captureNote(new QLabel), m_tlsEnabled(new QCheckBox),
      m_tlsCert(new QLineEdit), m_tlsKey(new QLineEdit), m_tlsCertBrowse(new QPushButton),
      m_tlsKeyBrowse(new QPushButton), m_tlsGenerate(new QPushButton), m_tlsInfo(new QLabel),
      m_dataDir(new QLineEdit), m_openDataDir(new QPushButton), m_capture(new QCheckBox),
      m_maxBody(new QSpinBox), m_retentionDays(new QSpinBox), m_retentionRows(new QSpinBox),
      m_origins(new QListWidget), m_originInput(new QLineEdit), m_addOrigin(new QPushButton),
      m_removeOrigin(new QPushButton), m_originMessage(new QLabel), m_status(new QLabel),
      m_apply(new QPushButton), m_theme(new QComboBox), m_language(new QComboBox)
{
    m_listen->setObjectName(QStringLiteral("listen"));
    m_tlsEnabled->setObjectName(QStringLiteral("tlsEnabled"));
    m_tlsCert->setObjectName(QStringLiteral("tlsCertFile"));
    m_tlsKey->setObjectName(QStringLiteral("tlsKeyFile"));
    m_tlsGenerate->setObjectName(QStringLiteral("tlsGenerate"));
    m_tlsInfo->setObjectName(QStringLiteral("tlsInfo"));
    m_capture->setObjectName(QStringLiteral("captureBodies"));
    m_retentionDays->setObjectName(QStringLiteral("retentionDays"));
    m_retentionRows->setObjectName(QStringLiteral("retentionRows"));
    m_maxBody->setObjectName(QStringLiteral("maxBodyBytes"));
    m_origins->setObjectName(QStringLiteral("allowedOrigins"));
    m_originInput->setObjectName(QStringLiteral("originInput"));
    m_addOrigin->setObjectName(QStringLiteral("addOrigin"));
    m_removeOrigin->setObjectName(QStringLiteral("removeOrigin"));
    m_originMessage->setObjectName(QStringLiteral("originMessage"));
    m_apply->setObjectName(QStringLiteral("apply"));
    m_status->setObjectName(QStringLiteral("status"));
    m_theme->setObjectName(QStringLiteral("theme"));
    m_language->setObjectName(QStringLiteral("language"));

    m_maxBody->setRange(0, 16 * 1024 * 1024);
    m_maxBody->setSingleStep(1024);
    m_retentionDays->setRange(0, 36'500);
    m_retentionRows->setRange(0, 2'000'000'000);
    m_retentionRows->setSingleStep(100'000);
    m_dataDir->setObjectName(QStringLiteral("dataDir"));
    m_dataDir->setReadOnly(true);
    m_listenNote->setWordWrap(true);
    m_captureNote->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_listen->setMaximumWidth(260);
    m_tlsInfo->setWordWrap(true);
    m_tlsInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QSpinBox* box : {m_maxBody, m_retentionDays, m_retentionRows})
        box->setMaximumWidth(200);
    // Origins are short; a few rows show without scrolling, and the page fits 1280x800.
    m_origins->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_origins->setMaximumWidth(360);
    m_origins->setMaximumHeight(m_origins->fontMetrics().height() * 5);
    m_originInput->setMaximumWidth(360);
    m_browserNote->setWordWrap(true);
    m_originMessage->setWordWrap(true);
    m_originMessage->setStyleSheet(QStringLiteral("color: #d9534f;"));
    // These wrap, but a path or an origin as typed has no place to break: they take the width
    // they are given rather than ask for the whole line (the rest stays selectable).
    for (QLabel* label : {m_status, m_originMessage, m_tlsInfo})
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_originMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QSpinBox* box : {m_maxBody, m_retentionDays, m_retentionRows})
        box->setGroupSeparatorShown(true); // 2,000,000 rows, or 2.000.000 in German
    auto* dataDirRow = new QHBoxLayout;
    dataDirRow->addWidget(m_dataDir, 1);
    dataDirRow->addWidget(m_openDataDir);
    // Labels are set (and re-set on a language change) in retranslate().
    m_gatewayForm->addRow(new QLabel, m_listen);
    m_gatewayForm->addRow(new QLabel, m_listenNote);
    auto* certRow = new QHBoxLayout;
    certRow->addWidget(m_tlsCert, 1);
    certRow->addWidget(m_tlsCertBrowse);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_tlsKey, 1);
    keyRow->addWidget(m_tlsKeyBrowse);
    auto* infoRow = new QHBoxLayout;
    infoRow->addWidget(m_tlsInfo, 1);
    infoRow->addWidget(m_tlsGenerate, 0, Qt::AlignTop);
    m_gatewayForm->addRow(new QLabel, m_tlsEnabled);
    m_gatewayForm->addRow(new QLabel, certRow);
    m_gatewayForm->addRow(new QLabel, keyRow);
    m_gatewayForm->addRow(new QLabel, infoRow);
    m_gatewayForm->addRow(new QLabel, dataDirRow);
    m_gatewayForm->addRow(new QLabel, m_capture);
    m_gatewayForm->addRow(new QLabel, m_captureNote);
    m_gatewayForm->addRow(new QLabel, m_maxBody);
    m_gatewayForm->addRow(new QLabel, m_retentionDays);
    m_gatewayForm->addRow(new QLabel, m_retentionRows);
    // Browser access: server.cors.allowedOrigins, applied with the rest by Apply.
    m_gatewayForm->addRow(m_browserTitle);
    m_gatewayForm->addRow(m_browserNote);
    auto* originsRow = new QHBoxLayout;
    originsRow->addWidget(m_origins, 1);
    originsRow->addWidget(m_removeOrigin, 0, Qt::AlignTop);
    originsRow->addStretch();
    auto* addOriginRow = new QHBoxLayout;
    addOriginRow->addWidget(m_originInput, 1);
    addOriginRow->addWidget(m_addOrigin);
    addOriginRow->addStretch();
    m_gatewayForm->addRow(new QLabel, originsRow);
    m_gatewayForm->addRow(new QLabel, addOriginRow);
    m_gatewayForm->addRow(new QLabel, m_originMessage);
    m_gatewayForm->setRowVisible(m_originMessage, false);
    for (const QString& code : Appearance::languages())
        m_language->addItem(Appearance::languageName(code), code);
    m_theme->setMaximumWidth(260);
    m_language->setMaximumWidth(260);
    m_appearanceForm->addRow(new QLabel, m_theme);
    m_appearanceForm->addRow(new QLabel, m_language);

    auto* applyRow = new QHBoxLayout;
    applyRow->addWidget(m_status, 1);
    applyRow->addWidget(m_apply);

    for (QFormLayout* form : {m_gatewayForm, m_appearanceForm}) {
        form->setHorizontalSpacing(spacing::normal);
        form->setVerticalSpacing(spacing::normal);
    }
    for (QHBoxLayout* row :
         {dataDirRow, certRow, keyRow, infoRow, originsRow, addOriginRow, applyRow})
        row->setSpacing(spacing::normal);
    m_browserTitle->setContentsMargins(0, spacing::section - spacing::normal, 0, 0);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->setSpacing(spacing::normal);
    layout->addWidget(m_gatewayTitle);
    layout->addLayout(m_gatewayForm);
    layout->addLayout(applyRow);
    layout->addSpacing(spacing::section);
    layout->addWidget(m_appearanceTitle);
    layout->addLayout(m_appearanceForm);
    layout->addStretch();

    connect(m_apply, &QPushButton::clicked, this, &SettingsPage::applyGateway);
    connect(m_addOrigin, &QPushButton::clicked, this, &SettingsPage::addOrigin);
    connect(m_originInput, &QLineEdit::returnPressed, this, &SettingsPage::addOrigin);
    connect(m_originInput, &QLineEdit::textEdited, this, [this] { showOriginMessage({}); });
    connect(m_removeOrigin, &QPushButton::clicked, this, &SettingsPage::removeOrigins);
    connect(m_origins, &QListWidget::itemSelectionChanged, this,
            [this] { m_removeOrigin->setEnabled(!m_origins->selectedItems().isEmpty()); });
    m_removeOrigin->setEnabled(false);
    connect(m_tlsGenerate, &QPushButton::clicked, this, &SettingsPage::generateCertificate);
    // Read once the path is typed, not at every keystroke (it is a file read on this thread).
    connect(m_tlsCert, &QLineEdit::editingFinished, this, &SettingsPage::showCertificateInfo);
    connect(m_tlsEnabled, &QCheckBox::toggled, this, &SettingsPage::showCertificateInfo);
    connect(m_tlsCertBrowse, &QPushButton::clicked, this,
            [this] { browse(m_tlsCert, tr("Choose the certificate (PEM)")); });
    connect(m_tlsKeyBrowse, &QPushButton::clicked, this,
            [this] { browse(m_tlsKey, tr("Choose the private key (PEM)")); });
    connect(m_openDataDir, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_host->dataDir())); });
    connect(m_theme, &QComboBox::activated, this, [this](int index) {
        if (m_appearance)
            m_appearance->setTheme(Appearance::Theme(m_theme->itemData(index).toInt()));
    });
    connect(m_language, &QComboBox::activated, this, [this](int index) {
        if (m_appearance && !m_appearance->setLanguage(m_language->itemData(index).toString()))
            setStatus([] { return tr("That language could not be loaded."); });
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
    m_dataDir->setToolTip(m_host->dataDir());
    m_dataDir->setCursorPosition(0);
    m_tlsEnabled->setChecked(c.server.tls.enabled());
    m_tlsCert->setText(c.server.tls.certFile);
    m_tlsKey->setText(c.server.tls.keyFile);
    showCertificateInfo();
    m_capture->setChecked(c.logging.captureBodies);
    m_maxBody->setValue(c.logging.maxBodyBytes);
    m_retentionDays->setValue(c.logging.retentionDays);
    m_retentionRows->setValue(int(qMin<qint64>(c.logging.retentionRows, 2'000'000'000)));
    m_origins->clear();
    m_origins->addItems(c.server.cors.allowedOrigins);
    showOriginMessage({});
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
        setStatus([] {
            return tr("The listen address must be HOST:PORT with an IP address, e.g. "
                      "127.0.0.1:4000.");
        });
        return;
    }
    QJsonObject doc = m_host->configDocument();
    QJsonObject server = doc.value(QStringLiteral("server")).toObject();
    const QString listen = m_listen->text().trimmed();
    const bool listenChanged =
        server.value(QStringLiteral("listen")).toString() != listen &&
        (host != m_host->config().server.host || port != m_host->config().server.port);
    server.insert(QStringLiteral("listen"), listen);
    const QJsonValue tlsBefore = server.value(QStringLiteral("tls"));
    if (m_tlsEnabled->isChecked()) {
        if (m_tlsCert->text().trimmed().isEmpty() || m_tlsKey->text().trimmed().isEmpty()) {
            setStatus([] {
                return tr("HTTPS needs a certificate and its private key: choose both files, or "
                          "generate a self-signed certificate.");
            });
            return;
        }
        server.insert(QStringLiteral("tls"),
                      QJsonObject{{QStringLiteral("certFile"), m_tlsCert->text().trimmed()},
                                  {QStringLiteral("keyFile"), m_tlsKey->text().trimmed()}});
    } else {
        server.remove(QStringLiteral("tls"));
    }
    // New files for a listener that serves HTTPS already need no restart: the reload below
    // reads them (Engine::reload). Turning HTTPS on or off does.
    const bool tlsChanged = server.contains(QStringLiteral("tls")) != tlsBefore.isObject();
    // An empty list is the default (no origin allowed): the key goes, and so does the "cors"
    // object once it is empty (a hand-written server.cors.maxAgeSecs stays).
    QJsonObject cors = server.value(QStringLiteral("cors")).toObject();
    QJsonArray origins;
    for (int row = 0; row < m_origins->count(); ++row)
        origins.append(m_origins->item(row)->text());
    if (origins.isEmpty())
        cors.remove(QStringLiteral("allowedOrigins"));
    else
        cors.insert(QStringLiteral("allowedOrigins"), origins);
    if (cors.isEmpty())
        server.remove(QStringLiteral("cors"));
    else
        server.insert(QStringLiteral("cors"), cors);
    doc.insert(QStringLiteral("server"), server);
    QJsonObject logging = doc.value(QStringLiteral("logging")).toObject();
    logging.insert(QStringLiteral("captureBodies"), m_capture->isChecked());
    logging.insert(QStringLiteral("maxBodyBytes"), m_maxBody->value());
    logging.insert(QStringLiteral("retentionDays"), m_retentionDays->value());
    logging.insert(QStringLiteral("retentionRows"), m_retentionRows->value());
    doc.insert(QStringLiteral("logging"), logging);
    const auto applied = m_host->applyConfig(doc);
    if (!applied) {
        setStatus([error = applied.error()] { return error; });
        return;
    }
    if ((listenChanged || tlsChanged) && m_host->isRunning()) {
        // The listener binds once: a new address, or HTTPS turned on or off, means a restart
        // of the gateway.
        m_host->stop();
        const auto started = m_host->start();
        if (!started) {
            setStatus([error = started.error()] {
                return tr("Saved, but the gateway did not start: %1").arg(error);
            });
            return;
        }
        setStatus({});
        emit transientMessage(tr("Saved. The gateway now listens at %1.").arg(m_host->baseUrl()));
        return;
    }
    setStatus({});
    emit transientMessage(tr("Saved and applied."));
}

void SettingsPage::setStatus(std::function<QString()> text)
{
    m_statusText = std::move(text);
    m_status->setText(m_statusText ? m_statusText() : QString());
}

void SettingsPage::addOrigin()
{
    // The loader's own check, so that what is added here is what a config file may hold.
    const QString origin = m_originInput->text().trimmed();
    if (origin.isEmpty())
        return;
    if (!gateway::config::ConfigLoader::originProblem(origin).isEmpty()) {
        showOriginMessage([origin] {
            return tr("\"%1\" is not an origin. Write it as a browser sends it: scheme://host or "
                      "scheme://host:port, in lower case, without a path, e.g. "
                      "http://localhost:5173.")
                .arg(origin);
        });
        return;
    }
    if (!m_origins->findItems(origin, Qt::MatchExactly).isEmpty()) {
        showOriginMessage([origin] { return tr("%1 is in the list already.").arg(origin); });
        return;
    }
    m_origins->addItem(origin);
    m_originInput->clear();
    showOriginMessage({});
}

void SettingsPage::removeOrigins()
{
    qDeleteAll(m_origins->selectedItems());
    showOriginMessage({});
}

void SettingsPage::showOriginMessage(std::function<QString()> text)
{
    m_originMessageText = std::move(text);
    m_originMessage->setText(m_originMessageText ? m_originMessageText() : QString());
    m_gatewayForm->setRowVisible(m_originMessage, bool(m_originMessageText));
}

void SettingsPage::browse(QLineEdit* field, const QString& title)
{
    const QString start = field->text().isEmpty() ? m_host->dataDir() : field->text();
    const QString chosen = QFileDialog::getOpenFileName(
        this, title, start, tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)"));
    if (chosen.isEmpty())
        return;
    field->setText(chosen);
    showCertificateInfo();
}

void SettingsPage::generateCertificate()
{
    const QString dir = QDir(m_host->dataDir()).filePath(QStringLiteral("tls"));
    const QString cert = QDir(dir).filePath(QStringLiteral("gateway.crt"));
    const QString key = QDir(dir).filePath(QStringLiteral("gateway.key"));
    if (QFileInfo::exists(cert) &&
        QMessageBox::question(this, tr("Replace the certificate?"),
                              tr("%1 exists. Replace it and its key with a new self-signed "
                                 "certificate? Clients that trust the old one must be given "
                                 "the new one.")
                                  .arg(cert)) != QMessageBox::Yes)
        return;
    if (!QDir().mkpath(dir)) {
        setStatus([dir] { return tr("Cannot create %1.").arg(dir); });
        return;
    }
    QStringList names{QStringLiteral("localhost"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("::1")};
    // A specific address the gateway listens on (not 0.0.0.0 or ::) is named as well.
    QString host;
    quint16 port = 0;
    if (gateway::config::ConfigLoader::parseListen(m_listen->text().trimmed(), &host, &port)) {
        const QHostAddress address(host);
        if (!address.isNull() && address != QHostAddress::AnyIPv4 &&
            address != QHostAddress::AnyIPv6 && !names.contains(address.toString()))
            names << address.toString();
    }
    const auto written = gateway::tls::writeSelfSignedCertificate(cert, key, names);
    if (!written) {
        setStatus([error = written.error()] {
            return tr("The certificate could not be created: %1").arg(error);
        });
        return;
    }
    m_tlsCert->setText(cert);
    m_tlsKey->setText(key);
    m_tlsEnabled->setChecked(true);
    showCertificateInfo();
    setStatus([cert] {
        return tr("Created a self-signed certificate. Apply to serve HTTPS; clients trust it "
                  "with, e.g., curl --cacert %1")
            .arg(cert);
    });
}

void SettingsPage::showCertificateInfo()
{
    m_tlsCert->setEnabled(m_tlsEnabled->isChecked());
    m_tlsKey->setEnabled(m_tlsEnabled->isChecked());
    m_tlsCertBrowse->setEnabled(m_tlsEnabled->isChecked());
    m_tlsKeyBrowse->setEnabled(m_tlsEnabled->isChecked());
    const QString path = m_tlsCert->text().trimmed();
    if (!m_tlsEnabled->isChecked() || path.isEmpty()) {
        m_tlsInfo->setText(tr("The gateway serves plain HTTP."));
        return;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(path);
    if (chain.isEmpty()) {
        m_tlsInfo->setText(tr("No PEM certificate found in this file."));
        return;
    }
    const QSslCertificate& leaf = chain.first();
    const auto altNames = leaf.subjectAlternativeNames();
    QStringList names = altNames.values(QSsl::DnsEntry) + altNames.values(QSsl::IpAddressEntry);
    if (names.isEmpty())
        names = leaf.subjectInfo(QSslCertificate::CommonName);
    const QString until =
        QLocale().toString(leaf.expiryDate().toLocalTime().date(), QLocale::ShortFormat);
    QString text = leaf.expiryDate() < QDateTime::currentDateTimeUtc()
                       ? tr("Expired on %1.").arg(until)
                       : tr("Valid until %1.").arg(until);
    text += QLatin1Char(' ') + tr("Names: %1.").arg(names.join(QStringLiteral(", ")));
    if (leaf.isSelfSigned())
        text += QLatin1Char(' ') + tr("Self-signed: clients must be given this file to trust it.");
    m_tlsInfo->setText(text);
}

void SettingsPage::retranslate()
{
    m_gatewayTitle->setText(tr("<b>Gateway</b>"));
    m_appearanceTitle->setText(tr("<b>Appearance</b>"));
    // A row's label found by its field (or the row that holds it), not by its number, so that
    // a row added above cannot shift the labels.
    auto label = [](QFormLayout* form, QWidget* field, const QString& text) {
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem* item = form->itemAt(row, QFormLayout::FieldRole);
            const bool holds =
                item &&
                (item->widget() ? item->widget() == field || item->widget()->isAncestorOf(field)
                                : item->layout() && item->layout()->indexOf(field) >= 0);
            QLayoutItem* labelItem = holds ? form->itemAt(row, QFormLayout::LabelRole) : nullptr;
            if (auto* l = qobject_cast<QLabel*>(labelItem ? labelItem->widget() : nullptr))
                l->setText(text);
        }
    };
    label(m_gatewayForm, m_listen, tr("Listen address:"));
    label(m_gatewayForm, m_tlsEnabled, tr("HTTPS:"));
    label(m_gatewayForm, m_tlsCert, tr("Certificate:"));
    label(m_gatewayForm, m_tlsKey, tr("Private key:"));
    label(m_gatewayForm, m_dataDir, tr("Data directory:"));
    label(m_gatewayForm, m_capture, tr("Request log:"));
    label(m_gatewayForm, m_maxBody, tr("Body capture limit (bytes):"));
    label(m_gatewayForm, m_retentionDays, tr("Keep rows for (days, 0 = forever):"));
    label(m_gatewayForm, m_retentionRows, tr("Keep at most (rows, 0 = all):"));
    label(m_gatewayForm, m_origins, tr("Allowed origins:"));
    label(m_gatewayForm, m_originInput, tr("Add an origin:"));
    m_browserTitle->setText(tr("<b>Browser access</b>"));
    m_browserNote->setText(
        tr("Web pages may call the gateway only from these origins; with none listed, no web page "
           "can. Other clients (SDKs, scripts, curl) are not affected."));
    m_originInput->setPlaceholderText(tr("e.g. http://localhost:5173"));
    m_addOrigin->setText(tr("Add"));
    m_removeOrigin->setText(tr("Remove"));
    label(m_appearanceForm, m_theme, tr("Theme:"));
    label(m_appearanceForm, m_language, tr("Language:"));
    alignLabelColumns();
    m_listenNote->setText(
        tr("A new address restarts the gateway. The --listen option, when given, wins over this."));
    m_tlsEnabled->setText(tr("Serve HTTPS with this certificate (restarts the gateway)"));
    m_tlsCertBrowse->setText(tr("Browse…"));
    m_tlsKeyBrowse->setText(tr("Browse…"));
    m_tlsGenerate->setText(tr("Generate self-signed…"));
    m_tlsCert->setPlaceholderText(tr("PEM certificate chain, leaf first"));
    m_tlsKey->setPlaceholderText(tr("PEM private key, without a passphrase"));
    m_openDataDir->setText(tr("Open folder"));
    m_capture->setText(tr("Capture request and response bodies"));
    m_captureNote->setText(tr("Bodies may hold personal data: what users typed and what the "
                              "models answered."));
    m_apply->setText(tr("Apply"));
    const int theme = m_theme->currentIndex();
    m_theme->clear();
    m_theme->addItem(tr("System"), int(Appearance::Theme::System));
    m_theme->addItem(tr("Light"), int(Appearance::Theme::Light));
    m_theme->addItem(tr("Dark"), int(Appearance::Theme::Dark));
    m_theme->setCurrentIndex(qMax(0, theme));
    // Spin boxes and the certificate's date in the new language's digits and separators: the
    // default locale changed (Appearance::setLanguage), and widgets keep the one they had.
    setLocale(QLocale());
    showCertificateInfo();
    setStatus(m_statusText);
    showOriginMessage(m_originMessageText);
}

void SettingsPage::alignLabelColumns()
{
    // Both forms' fields start at the same x: each label column is as wide as the widest
    // label of either (which depends on the language).
    QList<QWidget*> labels;
    int width = 0;
    for (QFormLayout* form : {m_gatewayForm, m_appearanceForm}) {
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole);
            if (item && item->widget()) {
                labels << item->widget();
                width = qMax(width, item->widget()->sizeHint().width());
            }
        }
    }
    for (QWidget* label : labels)
        label->setMinimumWidth(width);
}

QString SettingsPage::purpose() const
{
    return tr("Where the gateway listens, what it records, and how the console looks.");
}

void SettingsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        emit headerChanged();
    }
    Page::changeEvent(event);
}

} // namespace ui
