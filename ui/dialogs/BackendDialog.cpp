#include "dialogs/BackendDialog.h"

#include "config/ConfigLoader.h"
#include "config/Keychain.h"
#include "models/BackendProbe.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrl>
#include <QVBoxLayout>

namespace ui {

namespace {

struct Preset
{
    const char* name;
    const char* url;
    const char* keyVariable;
};

// Where the common OpenAI-compatible servers listen (their own documentation's defaults).
const Preset presets[] = {
    {"OpenAI", "https://api.openai.com/v1", "OPENAI_API_KEY"},
    {"Azure OpenAI (v1 API)", "https://YOUR-RESOURCE.openai.azure.com/openai/v1",
     "AZURE_OPENAI_API_KEY"},
    {"Mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY"},
    {"Groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY"},
    {"Together", "https://api.together.xyz/v1", "TOGETHER_API_KEY"},
    {"Ollama", "http://127.0.0.1:11434/v1", ""},
    {"LM Studio", "http://127.0.0.1:1234/v1", ""},
    {"vLLM", "http://127.0.0.1:8000/v1", ""},
    {"llama.cpp server", "http://127.0.0.1:8080/v1", ""},
};

} // namespace

BackendDialog::BackendDialog(const QJsonObject& existing, const QStringList& takenNames,
                             BackendProbe* probe, QWidget* parent)
    : QDialog(parent), m_taken(takenNames), m_probe(probe), m_name(new QLineEdit),
      m_type(new QComboBox), m_preset(new QComboBox), m_baseUrl(new QLineEdit),
      m_keySource(new QComboBox), m_apiKeySecret(new QLineEdit), m_apiKeyVariable(new QLineEdit),
      m_keySourceLabel(new QLabel(tr("API key:"))), m_baseUrlLabel(new QLabel(tr("Base URL:"))),
      m_apiKeyLabel(new QLabel), m_presetLabel(new QLabel(tr("Preset:"))), m_hint(new QLabel),
      m_errors(new QLabel), m_test(new QPushButton(tr("Test connection"))),
      m_models(new QListWidget),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)),
      m_existing(existing)
{
    setWindowTitle(existing.isEmpty() ? tr("Add backend") : tr("Edit backend"));
    m_name->setObjectName(QStringLiteral("name"));
    m_type->setObjectName(QStringLiteral("type"));
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_apiKeyVariable->setObjectName(QStringLiteral("apiKeyVariable"));
    m_apiKeySecret->setObjectName(QStringLiteral("apiKeySecret"));
    m_keySource->setObjectName(QStringLiteral("apiKeySource"));
    m_hint->setObjectName(QStringLiteral("keyHint"));
    m_keySource->addItem(tr("Stored in the system keychain"), int(KeySource::Keychain));
    m_keySource->addItem(tr("Read from an environment variable"), int(KeySource::Environment));
    m_keySource->addItem(tr("None (the server needs no key)"), int(KeySource::None));
    // A new backend starts without a key; the presets of hosted services pick the keychain.
    setKeySource(KeySource::None);
    m_apiKeySecret->setEchoMode(QLineEdit::Password);
    // No input method or autocompletion sees the key, and it is never offered back.
    m_apiKeySecret->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData |
                                        Qt::ImhNoPredictiveText);
    m_errors->setObjectName(QStringLiteral("errors"));
    m_test->setObjectName(QStringLiteral("test"));
    m_models->setObjectName(QStringLiteral("models"));

    m_type->addItem(tr("OpenAI-compatible (OpenAI, Azure OpenAI v1, Mistral, Groq, vLLM, Ollama, "
                       "LM Studio, llama.cpp …)"),
                    QStringLiteral("openai-compatible"));
    m_type->addItem(tr("Mock (built in, offline)"), QStringLiteral("mock"));
    m_preset->addItem(tr("Choose a server…"));
    for (const Preset& p : presets)
        m_preset->addItem(QString::fromUtf8(p.name));
    m_baseUrl->setPlaceholderText(QStringLiteral("http://127.0.0.1:8000/v1"));
    m_apiKeyVariable->setPlaceholderText(QStringLiteral("OPENAI_API_KEY"));
    m_hint->setWordWrap(true);
    m_errors->setWordWrap(true);
    m_errors->setStyleSheet(QStringLiteral("color: #d9534f;"));
    m_models->setMaximumHeight(120);
    m_models->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Type:"), m_type);
    form->addRow(m_presetLabel, m_preset);
    form->addRow(m_baseUrlLabel, m_baseUrl);
    form->addRow(m_keySourceLabel, m_keySource);
    auto* keyFields = new QVBoxLayout;
    keyFields->setContentsMargins(0, 0, 0, 0);
    keyFields->addWidget(m_apiKeySecret);
    keyFields->addWidget(m_apiKeyVariable);
    form->addRow(m_apiKeyLabel, keyFields);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_errors);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch();
    layout->addLayout(testRow);
    layout->addWidget(m_models);
    layout->addWidget(m_buttons);

    if (!existing.isEmpty()) {
        m_name->setText(existing.value(QStringLiteral("name")).toString());
        m_type->setCurrentIndex(
            qMax(0, m_type->findData(existing.value(QStringLiteral("type")).toString())));
        m_baseUrl->setText(existing.value(QStringLiteral("baseUrl")).toString());
        const QString key = existing.value(QStringLiteral("apiKey")).toString();
        KeySource source = KeySource::None;
        if (const QString variable = gateway::config::envVariableOf(key); !variable.isEmpty()) {
            source = KeySource::Environment;
            m_apiKeyVariable->setText(variable);
        } else if (const QString entry = gateway::config::keychainEntryOf(key); !entry.isEmpty()) {
            source = KeySource::Keychain;
            m_storedEntry = entry;
        }
        setKeySource(source);
    }

    connect(m_type, &QComboBox::currentIndexChanged, this, &BackendDialog::updateFields);
    connect(m_keySource, &QComboBox::currentIndexChanged, this, &BackendDialog::updateFields);
    connect(m_name, &QLineEdit::textChanged, this, &BackendDialog::updateKeyHint);
    connect(m_preset, &QComboBox::activated, this, &BackendDialog::choosePreset);
    for (QLineEdit* edit : {m_name, m_baseUrl, m_apiKeyVariable, m_apiKeySecret})
        connect(edit, &QLineEdit::textChanged, this, &BackendDialog::validate);
    connect(m_test, &QPushButton::clicked, this, &BackendDialog::testConnection);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (validate())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_probe, &BackendProbe::finished, this,
            [this](const QString& name, const BackendProbe::Outcome& o) {
                if (name != m_name->text().trimmed())
                    return;
                m_test->setEnabled(true);
                m_models->clear();
                m_models->show();
                if (!o.ok) {
                    m_test->setText(tr("Test connection"));
                    m_errors->setText(tr("Connection test failed: %1").arg(o.error));
                    m_models->hide();
                    return;
                }
                m_errors->setText(QString());
                m_models->addItems(o.models);
                m_test->setText(
                    tr("Test connection (%1 models, %2 ms)").arg(o.models.size()).arg(o.latencyMs));
            });
    updateFields();
    resize(620, sizeHint().height());
}

void BackendDialog::choosePreset(int index)
{
    if (index <= 0 || index > int(std::size(presets)))
        return;
    const Preset& p = presets[index - 1];
    m_baseUrl->setText(QString::fromUtf8(p.url));
    m_apiKeyVariable->setText(QString::fromUtf8(p.keyVariable));
    // Local servers take no key; hosted ones get the keychain unless a source was chosen.
    if (!*p.keyVariable)
        setKeySource(KeySource::None);
    else if (keySource() == KeySource::None)
        setKeySource(KeySource::Keychain);
    if (m_name->text().isEmpty())
        m_name->setText(QString::fromUtf8(p.name).section(QLatin1Char(' '), 0, 0).toLower());
}

BackendDialog::KeySource BackendDialog::keySource() const
{
    return KeySource(m_keySource->currentData().toInt());
}

void BackendDialog::setKeySource(KeySource source)
{
    m_keySource->setCurrentIndex(m_keySource->findData(int(source)));
}

QString BackendDialog::keychainEntry() const
{
    if (!m_storedEntry.isEmpty())
        return m_storedEntry; // a rename keeps the entry the key is in
    // The backend's name, made a valid entry name.
    QString entry = m_name->text().trimmed();
    static const QRegularExpression invalid(QStringLiteral("[^A-Za-z0-9._-]"));
    entry.replace(invalid, QStringLiteral("-"));
    while (entry.startsWith(QLatin1Char('-')) || entry.startsWith(QLatin1Char('.')) ||
           entry.startsWith(QLatin1Char('_')))
        entry.remove(0, 1);
    return entry.left(128);
}

void BackendDialog::updateFields()
{
    const bool remote = m_type->currentData().toString() == QLatin1String("openai-compatible");
    const KeySource source = keySource();
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_preset, m_presetLabel, m_baseUrl, m_baseUrlLabel,
                                         m_keySource, m_keySourceLabel, m_hint})
        w->setVisible(remote);
    m_apiKeySecret->setVisible(remote && source == KeySource::Keychain);
    m_apiKeyVariable->setVisible(remote && source == KeySource::Environment);
    m_apiKeyLabel->setVisible(remote && source != KeySource::None);
    updateKeyHint();
    validate();
}

void BackendDialog::updateKeyHint()
{
    const KeySource source = keySource();
    if (source == KeySource::Keychain) {
        m_apiKeyLabel->setText(tr("Key:"));
        m_apiKeySecret->setPlaceholderText(
            m_storedEntry.isEmpty() ? tr("Paste the API key")
                                    : tr("Stored in the keychain; type a new key to replace it"));
        m_hint->setText(tr("The key goes to the system keychain (entry \"%1\" of service "
                           "\"switchboard\"); the config holds only a reference to it. It is "
                           "never shown again.")
                            .arg(keychainEntry()));
    } else if (source == KeySource::Environment) {
        m_apiKeyLabel->setText(tr("Variable:"));
        m_hint->setText(
            tr("The key itself is never stored in the config: the gateway reads it from this "
               "environment variable when it starts."));
    } else {
        m_hint->setText(tr("No Authorization header is sent (Ollama, LM Studio, vLLM and "
                           "llama.cpp need none by default)."));
    }
}

void BackendDialog::setKeychainEntriesInUse(const QStringList& entries)
{
    m_entriesInUse = entries;
    validate();
}

bool BackendDialog::validate()
{
    QStringList errors;
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        errors << tr("Give the backend a name.");
    else if (m_taken.contains(name))
        errors << tr("Another backend is already named \"%1\".").arg(name);
    if (m_type->currentData().toString() == QLatin1String("openai-compatible")) {
        const QUrl url(m_baseUrl->text().trimmed(), QUrl::StrictMode);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
            url.host().isEmpty())
            errors << tr("The base URL must be an http:// or https:// URL with a host, e.g. "
                         "http://127.0.0.1:8000/v1.");
        static const QRegularExpression variable(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        const QString key = m_apiKeyVariable->text().trimmed();
        if (keySource() == KeySource::Environment) {
            if (key.isEmpty())
                errors << tr("Name the environment variable that holds the key.");
            else if (!variable.match(key).hasMatch())
                errors << tr("The variable field takes the NAME of an environment variable "
                             "(letters, digits, _), not the key itself.");
            else if (!qEnvironmentVariableIsSet(key.toLocal8Bit().constData()))
                errors << tr("The environment variable %1 is not set for this console: set it "
                             "and restart Switchboard.")
                              .arg(key);
        } else if (keySource() == KeySource::Keychain) {
            if (m_storedEntry.isEmpty() && m_apiKeySecret->text().trimmed().isEmpty())
                errors << tr("Paste the API key, or choose another key source.");
            else if (!gateway::config::Keychain::isValidName(keychainEntry()))
                errors << tr("Give the backend a name with at least one letter or digit.");
            else if (m_storedEntry.isEmpty() && m_entriesInUse.contains(keychainEntry()))
                errors << tr("Another backend keeps its key in the keychain entry \"%1\": give "
                             "this backend another name.")
                              .arg(keychainEntry());
        }
    }
    m_errors->setText(errors.join(QLatin1Char('\n')));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(errors.isEmpty());
    m_test->setEnabled(errors.isEmpty());
    return errors.isEmpty();
}

QJsonObject BackendDialog::backend() const
{
    QJsonObject b = m_existing; // keeps what this dialog does not edit (mock models, tls)
    b.insert(QStringLiteral("name"), m_name->text().trimmed());
    const QString type = m_type->currentData().toString();
    b.insert(QStringLiteral("type"), type);
    if (type == QLatin1String("openai-compatible")) {
        b.remove(QStringLiteral("models"));
        b.insert(QStringLiteral("baseUrl"), m_baseUrl->text().trimmed());
        const KeySource source = keySource();
        if (source == KeySource::Environment)
            b.insert(QStringLiteral("apiKey"),
                     gateway::config::envReference(m_apiKeyVariable->text().trimmed()));
        else if (source == KeySource::Keychain)
            b.insert(QStringLiteral("apiKey"), gateway::config::keychainReference(keychainEntry()));
        else
            b.remove(QStringLiteral("apiKey"));
    } else {
        for (const char* k : {"baseUrl", "apiKey", "tls"})
            b.remove(QLatin1String(k));
    }
    return b;
}

std::optional<BackendDialog::TypedKey> BackendDialog::typedKey() const
{
    const QByteArray secret = m_apiKeySecret->text().trimmed().toUtf8();
    if (keySource() != KeySource::Keychain || secret.isEmpty() ||
        m_type->currentData().toString() != QLatin1String("openai-compatible"))
        return std::nullopt;
    return TypedKey{keychainEntry(), secret};
}

void BackendDialog::showApplyError(const QString& message)
{
    m_errors->setText(message);
}

void BackendDialog::testConnection()
{
    if (!validate())
        return;
    // Build the backend exactly as the gateway would, through the config loader.
    QJsonObject doc{{QStringLiteral("schemaVersion"), 1},
                    {QStringLiteral("backends"), QJsonArray{backend()}},
                    {QStringLiteral("models"), QJsonArray()}};
    // A key typed but not stored yet is used as typed; anything else resolves as usual.
    const QString typedReference = gateway::config::keychainReference(keychainEntry());
    const QByteArray typed = m_apiKeySecret->text().trimmed().toUtf8();
    const gateway::config::ConfigLoader loader([&](const QString& reference) {
        if (reference == typedReference && !typed.isEmpty())
            return gateway::Result<QByteArray>(typed);
        return gateway::config::resolveSecret(reference);
    });
    const auto config = loader.parse(QJsonDocument(doc).toJson());
    if (!config) {
        m_errors->setText(config.error());
        return;
    }
    m_test->setEnabled(false);
    m_test->setText(tr("Testing…"));
    m_probe->probe(config->backends.first());
}

} // namespace ui
