#include "dialogs/BackendDialog.h"

#include "config/ConfigLoader.h"
#include "config/Keychain.h"
#include "models/BackendProbe.h"
#include "models/ConfigErrorText.h"
#include "pages/Page.h"
#include "widgets/ErrorLabel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
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
      m_nameError(new ErrorLabel), m_baseUrlError(new ErrorLabel), m_keyError(new ErrorLabel),
      m_errors(new ErrorLabel), m_test(new QPushButton(tr("Test connection"))),
      m_modelsLabel(new QLabel(tr("Models the server lists:"))), m_models(new QListWidget),
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
    m_nameError->setObjectName(QStringLiteral("nameError"));
    m_baseUrlError->setObjectName(QStringLiteral("baseUrlError"));
    m_keyError->setObjectName(QStringLiteral("keyError"));
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
    m_models->setMaximumHeight(120);
    m_models->hide();
    m_modelsLabel->hide();
    m_name->setToolTip(tr("Letters, digits, '.', '_' and '-'. Aliases name their targets as "
                          "backend/model."));

    // A field and, right below it, what is wrong with it.
    const auto withError = [](std::initializer_list<QWidget*> fields, ErrorLabel* error) {
        auto* column = new QVBoxLayout;
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(spacing::tight);
        for (QWidget* field : fields)
            column->addWidget(field);
        column->addWidget(error);
        return column;
    };
    auto* form = new QFormLayout;
    form->setSpacing(spacing::normal);
    form->addRow(tr("Name:"), withError({m_name}, m_nameError));
    form->addRow(tr("Type:"), m_type);
    form->addRow(m_presetLabel, m_preset);
    form->addRow(m_baseUrlLabel, withError({m_baseUrl}, m_baseUrlError));
    form->addRow(m_keySourceLabel, m_keySource);
    form->addRow(m_apiKeyLabel, withError({m_apiKeySecret, m_apiKeyVariable}, m_keyError));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_errors);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch();
    layout->addLayout(testRow);
    layout->addWidget(m_modelsLabel);
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
    const auto edited = [this](bool* flag) {
        return [this, flag] {
            *flag = true;
            showProblems();
        };
    };
    connect(m_name, &QLineEdit::textChanged, this, edited(&m_nameEdited));
    connect(m_baseUrl, &QLineEdit::textChanged, this, edited(&m_baseUrlEdited));
    connect(m_apiKeyVariable, &QLineEdit::textChanged, this, edited(&m_keyEdited));
    connect(m_apiKeySecret, &QLineEdit::textChanged, this, edited(&m_keyEdited));
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
                m_models->setVisible(o.ok);
                m_modelsLabel->setVisible(o.ok);
                if (!o.ok) {
                    m_test->setText(tr("Test connection"));
                    m_errors->setMessage(tr("Connection test failed: %1").arg(o.error));
                    return;
                }
                m_errors->setMessage(o.error); // e.g. it answered but listed no models
                m_models->addItems(o.models);
                const QLocale locale;
                m_test->setText(
                    tr("Test connection (%1 models, %2 ms)")
                        .arg(locale.toString(o.models.size()), locale.toString(o.latencyMs)));
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
    showProblems();
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
    showProblems();
}

BackendDialog::Problems BackendDialog::problems() const
{
    Problems p;
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        p.name = tr("Give the backend a name.");
    else if (!gateway::config::ConfigLoader::isValidBackendName(name))
        p.name = tr("Use only letters, digits, '.', '_' and '-' (targets are written "
                    "backend/model: no '/', no spaces).");
    else if (m_taken.contains(name))
        p.name = tr("Another backend is already named \"%1\".").arg(name);
    if (m_type->currentData().toString() != QLatin1String("openai-compatible"))
        return p;
    const QUrl url(m_baseUrl->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty())
        p.baseUrl = tr("The base URL must be an http:// or https:// URL with a host, e.g. "
                       "http://127.0.0.1:8000/v1.");
    static const QRegularExpression variable(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const QString key = m_apiKeyVariable->text().trimmed();
    if (keySource() == KeySource::Environment) {
        if (key.isEmpty())
            p.key = tr("Name the environment variable that holds the key.");
        else if (!variable.match(key).hasMatch())
            p.key = tr("The variable field takes the NAME of an environment variable "
                       "(letters, digits, _), not the key itself.");
        else if (!qEnvironmentVariableIsSet(key.toLocal8Bit().constData()))
            p.key = tr("The environment variable %1 is not set for this console: set it "
                       "and restart Switchboard.")
                        .arg(key);
    } else if (keySource() == KeySource::Keychain) {
        if (m_storedEntry.isEmpty() && m_apiKeySecret->text().trimmed().isEmpty())
            p.key = tr("Paste the API key, or choose another key source.");
        else if (!gateway::config::Keychain::isValidName(keychainEntry()))
            p.name = tr("Give the backend a name with at least one letter or digit.");
        else if (m_storedEntry.isEmpty() && m_entriesInUse.contains(keychainEntry()))
            p.name = tr("Another backend keeps its key in the keychain entry \"%1\": give "
                        "this backend another name.")
                         .arg(keychainEntry());
    }
    return p;
}

void BackendDialog::showProblems()
{
    const Problems p = problems();
    m_nameError->setMessage(m_nameEdited ? p.name : QString());
    m_baseUrlError->setMessage(m_baseUrlEdited ? p.baseUrl : QString());
    m_keyError->setMessage(m_keyEdited ? p.key : QString());
}

bool BackendDialog::validate()
{
    m_nameEdited = m_baseUrlEdited = m_keyEdited = true;
    showProblems();
    const Problems p = problems();
    if (!p.name.isEmpty())
        m_name->setFocus();
    else if (!p.baseUrl.isEmpty())
        m_baseUrl->setFocus();
    else if (!p.key.isEmpty())
        (keySource() == KeySource::Environment ? m_apiKeyVariable : m_apiKeySecret)->setFocus();
    return !p.any();
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
    m_errors->setMessage(message);
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
        m_errors->setMessage(ConfigErrorText::describe(config.error(), doc));
        return;
    }
    m_test->setEnabled(false);
    m_test->setText(tr("Testing…"));
    m_probe->probe(config->backends.first());
}

} // namespace ui
