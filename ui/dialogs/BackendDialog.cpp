#include "dialogs/BackendDialog.h"

#include "config/ConfigLoader.h"
#include "config/Keychain.h"
#include "config/Secrets.h"
#include "models/BackendProbe.h"
#include "models/ConfigErrorText.h"
#include "pages/Page.h"
#include "widgets/ErrorLabel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
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

using gateway::config::BackendType;

namespace {

// The types in the order the dialog offers them.
constexpr BackendType types[] = {BackendType::OpenAiCompatible,
                                 BackendType::Anthropic,
                                 BackendType::Gemini,
                                 BackendType::AzureOpenAi,
                                 BackendType::Bedrock,
                                 BackendType::Ollama,
                                 BackendType::Mock};

struct Preset
{
    const char* label;
    BackendType type;
    const char* url; // empty: the type's default endpoint (or, for Azure, the user's own)
    const char* name;
    const char* keyVariable; // empty: a local server that takes no key
};

// Well-known servers: their endpoints and the variables their own SDKs read the key from.
const Preset presets[] = {
    {"OpenAI", BackendType::OpenAiCompatible, "https://api.openai.com/v1", "openai",
     "OPENAI_API_KEY"},
    {"Anthropic", BackendType::Anthropic, "", "anthropic", "ANTHROPIC_API_KEY"},
    {"Google Gemini", BackendType::Gemini, "", "gemini", "GEMINI_API_KEY"},
    {"Azure OpenAI", BackendType::AzureOpenAi, "", "azure", "AZURE_OPENAI_API_KEY"},
    {"Amazon Bedrock", BackendType::Bedrock, "", "bedrock", "AWS_ACCESS_KEY_ID"},
    {"Mistral", BackendType::OpenAiCompatible, "https://api.mistral.ai/v1", "mistral",
     "MISTRAL_API_KEY"},
    {"Groq", BackendType::OpenAiCompatible, "https://api.groq.com/openai/v1", "groq",
     "GROQ_API_KEY"},
    {"Together", BackendType::OpenAiCompatible, "https://api.together.xyz/v1", "together",
     "TOGETHER_API_KEY"},
    {"Ollama", BackendType::Ollama, "", "ollama", ""},
    {"vLLM", BackendType::OpenAiCompatible, "http://127.0.0.1:8000/v1", "vllm", ""},
    {"llama.cpp server", BackendType::OpenAiCompatible, "http://127.0.0.1:8080/v1", "llama-cpp",
     ""},
    {"LM Studio", BackendType::OpenAiCompatible, "http://127.0.0.1:1234/v1", "lm-studio", ""},
};

// The variable a type's key is usually in (its first preset's), for the field's placeholder.
QString usualKeyVariable(BackendType type)
{
    for (const Preset& p : presets)
        if (p.type == type && *p.keyVariable)
            return QLatin1String(p.keyVariable);
    return QStringLiteral("OPENAI_API_KEY");
}

// Where each secret is in the backend's JSON, its keychain entry (the backend's entry name and
// this suffix), and the variable AWS's own tools read it from.
struct SecretSpec
{
    const char* object; // nullptr: at the top of the backend
    const char* key;
    const char* entrySuffix;
    const char* variable;
    bool optional;
};
const SecretSpec secretSpecs[] = {
    {nullptr, "apiKey", "", "", false},
    {"aws", "accessKeyId", "-aws-access-key-id", "AWS_ACCESS_KEY_ID", false},
    {"aws", "secretAccessKey", "-aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", false},
    {"aws", "sessionToken", "-aws-session-token", "AWS_SESSION_TOKEN", true},
};

QString referenceIn(const QJsonObject& backend, const SecretSpec& spec)
{
    const QJsonObject holder =
        spec.object ? backend.value(QLatin1String(spec.object)).toObject() : backend;
    return holder.value(QLatin1String(spec.key)).toString();
}

// The config keys only one type takes (ConfigLoader's readBackend).
struct TypeKey
{
    BackendType type;
    const char* key;
};
const TypeKey typeKeys[] = {
    {BackendType::Mock, "models"},
    {BackendType::OpenAiCompatible, "dropParams"},
    {BackendType::AzureOpenAi, "apiVersion"},
    {BackendType::AzureOpenAi, "auth"},
    {BackendType::AzureOpenAi, "deployments"},
    {BackendType::Anthropic, "anthropicVersion"},
    {BackendType::Bedrock, "region"},
    {BackendType::Bedrock, "aws"},
};

// Comma-separated text as a list, without empty items.
QStringList items(const QString& text)
{
    QStringList out;
    for (const QString& item : text.split(QLatin1Char(',')))
        if (!item.trimmed().isEmpty())
            out << item.trimmed();
    return out;
}

// "model=deployment, …" as pairs; false when an item is not of that form.
bool readDeployments(const QString& text, QList<QPair<QString, QString>>* pairs)
{
    for (const QString& item : items(text)) {
        const qsizetype eq = item.indexOf(QLatin1Char('='));
        const QString model = item.left(eq).trimmed();
        const QString deployment = item.mid(eq + 1).trimmed();
        if (eq < 0 || model.isEmpty() || deployment.isEmpty())
            return false;
        pairs->append({model, deployment});
    }
    return true;
}

} // namespace

QString BackendDialog::typeDisplayName(BackendType type)
{
    switch (type) {
    case BackendType::OpenAiCompatible: return tr("OpenAI-compatible");
    case BackendType::Anthropic: return QStringLiteral("Anthropic");
    case BackendType::Gemini: return QStringLiteral("Google Gemini");
    case BackendType::AzureOpenAi: return QStringLiteral("Azure OpenAI");
    case BackendType::Bedrock: return QStringLiteral("Amazon Bedrock");
    case BackendType::Ollama: return QStringLiteral("Ollama");
    case BackendType::Mock: return tr("Built-in mock");
    }
    return QString();
}

QStringList BackendDialog::secretReferences(const QJsonObject& backend)
{
    QStringList references;
    for (const SecretSpec& spec : secretSpecs)
        if (const QString r = referenceIn(backend, spec); !r.isEmpty())
            references << r;
    return references;
}

BackendDialog::BackendDialog(const QJsonObject& existing, const QStringList& takenNames,
                             BackendProbe* probe, QWidget* parent)
    : QDialog(parent), m_taken(takenNames), m_probe(probe), m_form(new QGridLayout),
      m_preset(new QComboBox), m_name(new QLineEdit), m_type(new QComboBox),
      m_baseUrl(new QLineEdit), m_region(new QLineEdit), m_apiVersion(new QLineEdit),
      m_azureAuth(new QComboBox), m_deployments(new QLineEdit), m_anthropicVersion(new QLineEdit),
      m_dropParams(new QLineEdit), m_keySource(new QComboBox),
      m_presetLabel(new QLabel(tr("Preset:"))), m_baseUrlLabel(new QLabel(tr("Base URL:"))),
      m_regionLabel(new QLabel(tr("Region:"))), m_apiVersionLabel(new QLabel(tr("API version:"))),
      m_azureAuthLabel(new QLabel(tr("Sign-in:"))),
      m_deploymentsLabel(new QLabel(tr("Deployments:"))),
      m_anthropicVersionLabel(new QLabel(tr("API version:"))),
      m_dropParamsLabel(new QLabel(tr("Drop fields:"))), m_keySourceLabel(new QLabel),
      m_hint(new QLabel), m_errors(new ErrorLabel), m_test(new QPushButton(tr("Test connection"))),
      m_testNote(new QLabel), m_modelsLabel(new QLabel(tr("Models the server lists:"))),
      m_models(new QListWidget),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)),
      m_existing(existing)
{
    setWindowTitle(existing.isEmpty() ? tr("Add backend") : tr("Edit backend"));
    for (ErrorLabel*& e : m_fieldErrors)
        e = new ErrorLabel;
    const char* secretNames[] = {"apiKey", "awsAccessKeyId", "awsSecretAccessKey",
                                 "awsSessionToken"};
    for (int i = 0; i < secretCount; ++i) {
        Secret& s = m_secrets[i];
        s.label = new QLabel;
        s.value = new QLineEdit;
        s.variable = new QLineEdit;
        const QString base = QLatin1String(secretNames[i]);
        s.value->setObjectName(base + QStringLiteral("Secret"));
        s.variable->setObjectName(base + QStringLiteral("Variable"));
        s.value->setEchoMode(QLineEdit::Password);
        // No input method or autocompletion sees a key, and it is never offered back.
        s.value->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData |
                                     Qt::ImhNoPredictiveText);
        s.variable->setPlaceholderText(QLatin1String(secretSpecs[i].variable));
    }
    m_name->setObjectName(QStringLiteral("name"));
    m_preset->setObjectName(QStringLiteral("preset"));
    m_type->setObjectName(QStringLiteral("type"));
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_region->setObjectName(QStringLiteral("region"));
    m_apiVersion->setObjectName(QStringLiteral("apiVersion"));
    m_azureAuth->setObjectName(QStringLiteral("azureAuth"));
    m_deployments->setObjectName(QStringLiteral("deployments"));
    m_anthropicVersion->setObjectName(QStringLiteral("anthropicVersion"));
    m_dropParams->setObjectName(QStringLiteral("dropParams"));
    m_keySource->setObjectName(QStringLiteral("apiKeySource"));
    m_hint->setObjectName(QStringLiteral("keyHint"));
    m_errors->setObjectName(QStringLiteral("errors"));
    m_test->setObjectName(QStringLiteral("test"));
    m_testNote->setObjectName(QStringLiteral("testNote"));
    m_models->setObjectName(QStringLiteral("models"));
    const char* errorNames[] = {"nameError",
                                "baseUrlError",
                                "keyError",
                                "awsAccessKeyIdError",
                                "awsSecretAccessKeyError",
                                "awsSessionTokenError",
                                "regionError",
                                "deploymentsError",
                                "dropParamsError"};
    for (int f = 0; f < FieldCount; ++f)
        m_fieldErrors[f]->setObjectName(QLatin1String(errorNames[f]));

    m_keySource->addItem(tr("Stored in the system keychain"), int(KeySource::Keychain));
    m_keySource->addItem(tr("Read from an environment variable"), int(KeySource::Environment));
    m_keySource->addItem(tr("None (the server needs no key)"), int(KeySource::None));
    // A new backend starts without a key; the presets of hosted services pick the keychain.
    setKeySource(KeySource::None);
    for (BackendType t : types)
        m_type->addItem(typeDisplayName(t), gateway::config::backendTypeName(t));
    m_preset->addItem(tr("Choose a server…"));
    for (const Preset& p : presets)
        m_preset->addItem(QString::fromUtf8(p.label));
    m_azureAuth->addItem(tr("API key (api-key header)"), QStringLiteral("api-key"));
    m_azureAuth->addItem(tr("Microsoft Entra ID token"), QStringLiteral("entra"));
    m_region->setPlaceholderText(QStringLiteral("us-east-1"));
    m_apiVersion->setPlaceholderText(tr("Empty: the v1 API"));
    m_apiVersion->setToolTip(tr("With a version such as 2024-10-21, calls go to "
                                "/openai/deployments/…?api-version=; without one, to the v1 API "
                                "(/openai/v1/…)."));
    m_deployments->setPlaceholderText(QStringLiteral("gpt-4o=my-gpt-4o, o3-mini=reasoning"));
    m_deployments->setToolTip(tr("The deployment that serves each model clients ask for, as "
                                 "model=deployment, separated by commas. A model not listed is "
                                 "taken as a deployment's name."));
    m_anthropicVersion->setPlaceholderText(
        gateway::config::Backend().anthropicVersion); // the loader's default
    m_anthropicVersion->setToolTip(tr("The anthropic-version header sent with every call."));
    m_dropParams->setPlaceholderText(tr("e.g. logit_bias, seed"));
    m_dropParams->setToolTip(tr("Request fields removed before sending, for servers that refuse "
                                "fields they do not know. Separate them with commas."));
    m_name->setToolTip(tr("Letters, digits, '.', '_' and '-'. Aliases name their targets as "
                          "backend/model."));
    m_hint->setWordWrap(true);
    m_testNote->setWordWrap(true);
    m_test->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    m_testNote->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_models->setMaximumHeight(120);
    m_models->hide();
    m_modelsLabel->hide();

    // A grid, not a QFormLayout: rows come and go with the type, and Qt 6.4's QFormLayout
    // miscounts the height of a row shown again by setRowVisible (it draws it zero pixels high).
    // A grid row whose widgets are all hidden takes no space and no spacing.
    m_form->setSpacing(spacing::normal);
    m_form->setColumnStretch(1, 1);
    addRow(m_presetLabel, m_preset);
    addRow(new QLabel(tr("Name:")), m_name, m_fieldErrors[NameField]);
    addRow(new QLabel(tr("Type:")), m_type);
    addRow(m_regionLabel, m_region, m_fieldErrors[RegionField]); // Bedrock's URL follows it
    addRow(m_baseUrlLabel, m_baseUrl, m_fieldErrors[BaseUrlField]);
    addRow(m_apiVersionLabel, m_apiVersion);
    addRow(m_azureAuthLabel, m_azureAuth);
    addRow(m_deploymentsLabel, m_deployments, m_fieldErrors[DeploymentsField]);
    addRow(m_anthropicVersionLabel, m_anthropicVersion);
    addRow(m_dropParamsLabel, m_dropParams, m_fieldErrors[DropParamsField]);
    addRow(m_keySourceLabel, m_keySource);
    for (int i = 0; i < secretCount; ++i) {
        // A secret's two fields share its row: one of them is shown, for the key source.
        auto* both = new QWidget;
        auto* column = new QVBoxLayout(both);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(0);
        column->addWidget(m_secrets[i].value);
        column->addWidget(m_secrets[i].variable);
        addRow(m_secrets[i].label, both, m_fieldErrors[KeyField + i], m_secrets[i].value);
    }
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_hint);
    layout->addWidget(m_errors);
    auto* testRow = new QHBoxLayout;
    testRow->setSpacing(spacing::normal);
    testRow->addWidget(m_test, 0, Qt::AlignLeft | Qt::AlignTop);
    testRow->addWidget(m_testNote, 1);
    layout->addLayout(testRow);
    layout->addWidget(m_modelsLabel);
    layout->addWidget(m_models);
    layout->addStretch();
    layout->addWidget(m_buttons);

    if (!existing.isEmpty())
        readExisting(existing);
    // A preset starts a new backend; an edited one has its fields already.
    setRowShown(m_presetLabel, existing.isEmpty());

    connect(m_type, &QComboBox::currentIndexChanged, this, &BackendDialog::updateFields);
    connect(m_keySource, &QComboBox::currentIndexChanged, this, &BackendDialog::updateFields);
    connect(m_azureAuth, &QComboBox::currentIndexChanged, this, &BackendDialog::updateKeyHint);
    connect(m_name, &QLineEdit::textChanged, this, &BackendDialog::updateKeyHint);
    connect(m_region, &QLineEdit::textChanged, this, &BackendDialog::updateFields);
    connect(m_apiVersion, &QLineEdit::textChanged, this, &BackendDialog::updateFields);
    connect(m_preset, &QComboBox::activated, this, &BackendDialog::choosePreset);
    const auto edited = [this](Field field) {
        return [this, field] {
            m_edited[field] = true;
            showProblems();
        };
    };
    connect(m_name, &QLineEdit::textChanged, this, edited(NameField));
    connect(m_baseUrl, &QLineEdit::textChanged, this, edited(BaseUrlField));
    connect(m_region, &QLineEdit::textChanged, this, edited(RegionField));
    connect(m_deployments, &QLineEdit::textChanged, this, edited(DeploymentsField));
    connect(m_dropParams, &QLineEdit::textChanged, this, edited(DropParamsField));
    for (int i = 0; i < secretCount; ++i) {
        connect(m_secrets[i].value, &QLineEdit::textChanged, this, edited(Field(KeyField + i)));
        connect(m_secrets[i].variable, &QLineEdit::textChanged, this, edited(Field(KeyField + i)));
    }
    connect(m_test, &QPushButton::clicked, this, &BackendDialog::testConnection);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (validate())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_probe, &BackendProbe::finished, this,
            [this](const QString& name, const BackendProbe::Outcome& o) {
                if (name != m_name->text().trimmed() || m_test->isEnabled())
                    return; // another probe's, or not one this dialog is waiting for
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
                fitHeight();
                const QLocale locale;
                m_test->setText(
                    (o.partial ? tr("Test connection (the first %1 models, %2 ms)")
                               : tr("Test connection (%1 models, %2 ms)"))
                        .arg(locale.toString(o.models.size()), locale.toString(o.latencyMs)));
            });
    updateFields();
    resize(620, height());
    fitHeight();
}

void BackendDialog::addRow(QLabel* label, QWidget* field, ErrorLabel* error, QWidget* lineOf)
{
    const int row = m_form->rowCount();
    // The label beside the field's first line, also while an error shows below the field.
    label->setMinimumHeight((lineOf ? lineOf : field)->sizeHint().height());
    label->setBuddy(lineOf ? lineOf : field);
    m_form->addWidget(label, row, 0, Qt::AlignLeft | Qt::AlignTop);
    // The field, and right below it what is wrong with it.
    auto* column = new QVBoxLayout;
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(spacing::tight);
    column->addWidget(field);
    if (error)
        column->addWidget(error);
    m_form->addLayout(column, row, 1);
    m_rows.append({label, field, error});
}

void BackendDialog::setRowShown(QLabel* label, bool shown)
{
    for (const Row& r : std::as_const(m_rows)) {
        if (r.label != label)
            continue;
        r.label->setVisible(shown);
        r.field->setVisible(shown);
        if (r.error && !shown)
            r.error->setMessage(QString()); // shown again by showProblems() when it has one
    }
}

void BackendDialog::readExisting(const QJsonObject& existing)
{
    const auto text = [&](const char* key) {
        return existing.value(QLatin1String(key)).toString();
    };
    m_name->setText(text("name"));
    m_type->setCurrentIndex(qMax(0, m_type->findData(text("type"))));
    m_baseUrl->setText(text("baseUrl"));
    m_region->setText(text("region"));
    m_apiVersion->setText(text("apiVersion"));
    m_azureAuth->setCurrentIndex(qMax(0, m_azureAuth->findData(text("auth"))));
    m_anthropicVersion->setText(text("anthropicVersion"));
    QStringList pairs;
    const QJsonObject deployments = existing.value(QLatin1String("deployments")).toObject();
    for (auto it = deployments.begin(); it != deployments.end(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value().toString();
    m_deployments->setText(pairs.join(QStringLiteral(", ")));
    QStringList dropped;
    for (const QJsonValue& v : existing.value(QLatin1String("dropParams")).toArray())
        dropped << v.toString();
    m_dropParams->setText(dropped.join(QStringLiteral(", ")));

    // One source for all the backend's secrets: the first one's.
    std::optional<KeySource> source;
    for (int i = 0; i < secretCount; ++i) {
        const QString reference = referenceIn(existing, secretSpecs[i]);
        if (const QString variable = gateway::config::envVariableOf(reference);
            !variable.isEmpty()) {
            m_secrets[i].variable->setText(variable);
            if (!source)
                source = KeySource::Environment;
        } else if (const QString entry = gateway::config::keychainEntryOf(reference);
                   !entry.isEmpty()) {
            m_secrets[i].storedEntry = entry;
            if (!source)
                source = KeySource::Keychain;
        }
    }
    setKeySource(source.value_or(KeySource::None));
}

BackendType BackendDialog::type() const
{
    BackendType t = BackendType::Mock;
    gateway::config::backendTypeFromName(m_type->currentData().toString(), &t);
    return t;
}

void BackendDialog::choosePreset(int index)
{
    if (index <= 0 || index > int(std::size(presets)))
        return;
    const Preset& p = presets[index - 1];
    // What the preset fills in is not the user's edit: its problems show on OK, as before.
    const std::array<bool, FieldCount> edited = m_edited;
    m_type->setCurrentIndex(m_type->findData(gateway::config::backendTypeName(p.type)));
    m_baseUrl->setText(QString::fromUtf8(p.url));
    const QString variable = QString::fromUtf8(p.keyVariable);
    if (p.type == BackendType::Bedrock) {
        for (int i = 1; i < secretCount; ++i)
            if (!secretSpecs[i].optional)
                m_secrets[i].variable->setText(QLatin1String(secretSpecs[i].variable));
    } else {
        m_secrets[0].variable->setText(variable);
    }
    // Local servers take no key; hosted ones get the keychain unless a source was chosen.
    if (variable.isEmpty())
        setKeySource(KeySource::None);
    else if (keySource() == KeySource::None)
        setKeySource(KeySource::Keychain);
    const QString name = m_name->text().trimmed();
    if (name.isEmpty() || name == m_suggestedName) {
        m_suggestedName = QString::fromUtf8(p.name);
        m_name->setText(m_suggestedName);
    }
    m_edited = edited;
    showProblems();
    // Azure has no public endpoint: every resource has its own.
    if (p.type == BackendType::AzureOpenAi)
        m_baseUrl->setFocus();
}

BackendDialog::KeySource BackendDialog::keySource() const
{
    return KeySource(m_keySource->currentData().toInt());
}

void BackendDialog::setKeySource(KeySource source)
{
    m_keySource->setCurrentIndex(m_keySource->findData(int(source)));
}

QList<int> BackendDialog::secretsShown() const
{
    switch (type()) {
    case BackendType::Mock: return {};
    case BackendType::Bedrock: return {1, 2, 3};
    default: return {0};
    }
}

QString BackendDialog::keychainEntry(int index) const
{
    if (!m_secrets[index].storedEntry.isEmpty())
        return m_secrets[index].storedEntry; // a rename keeps the entry the key is in
    // The backend's name, made a valid entry name.
    QString entry = m_name->text().trimmed();
    static const QRegularExpression invalid(QStringLiteral("[^A-Za-z0-9._-]"));
    entry.replace(invalid, QStringLiteral("-"));
    while (entry.startsWith(QLatin1Char('-')) || entry.startsWith(QLatin1Char('.')) ||
           entry.startsWith(QLatin1Char('_')))
        entry.remove(0, 1);
    const QString suffix = QLatin1String(secretSpecs[index].entrySuffix);
    return entry.isEmpty() ? entry : entry.left(128 - suffix.size()) + suffix;
}

void BackendDialog::updateFields()
{
    const BackendType t = type();
    const bool http = t != BackendType::Mock;
    const KeySource source = keySource();
    setRowShown(m_baseUrlLabel, http);
    setRowShown(m_regionLabel, t == BackendType::Bedrock);
    setRowShown(m_apiVersionLabel, t == BackendType::AzureOpenAi);
    setRowShown(m_azureAuthLabel, t == BackendType::AzureOpenAi);
    setRowShown(m_deploymentsLabel, t == BackendType::AzureOpenAi);
    setRowShown(m_anthropicVersionLabel, t == BackendType::Anthropic);
    setRowShown(m_dropParamsLabel, t == BackendType::OpenAiCompatible);
    setRowShown(m_keySourceLabel, http);
    m_secrets[0].variable->setPlaceholderText(usualKeyVariable(t));
    m_hint->setVisible(http);
    const QList<int> shown = secretsShown();
    for (int i = 0; i < secretCount; ++i) {
        const bool visible = shown.contains(i) && source != KeySource::None;
        setRowShown(m_secrets[i].label, visible);
        m_secrets[i].value->setVisible(source == KeySource::Keychain);
        m_secrets[i].variable->setVisible(source == KeySource::Environment);
    }
    m_keySourceLabel->setText(t == BackendType::Bedrock ? tr("AWS keys:") : tr("API key:"));
    m_secrets[1].label->setText(tr("Access key ID:"));
    m_secrets[2].label->setText(tr("Secret access key:"));
    m_secrets[3].label->setText(tr("Session token:"));
    m_secrets[3].value->setPlaceholderText(tr("Optional: for temporary credentials"));
    m_secrets[3].variable->setPlaceholderText(tr("Optional, e.g. AWS_SESSION_TOKEN"));

    // A hosted provider's endpoint is the default: the field may stay empty. Azure has none,
    // and an OpenAI-compatible server is named by its URL (the type covers many servers).
    const QString defaultUrl = t == BackendType::OpenAiCompatible
                                   ? QString()
                                   : gateway::config::defaultBaseUrl(t, m_region->text().trimmed());
    m_baseUrl->setPlaceholderText(!defaultUrl.isEmpty() ? defaultUrl
                                  : t == BackendType::AzureOpenAi
                                      ? QStringLiteral("https://YOUR-RESOURCE.openai.azure.com")
                                      : QStringLiteral("http://127.0.0.1:8000/v1"));
    m_baseUrl->setToolTip(
        defaultUrl.isEmpty()
            ? QString()
            : tr("Leave it empty for the provider's public endpoint, %1.").arg(defaultUrl));

    // Bedrock's runtime endpoint cannot list models: there is nothing to test.
    const bool testable = t != BackendType::Bedrock;
    m_test->setEnabled(testable);
    m_testNote->setText(testable ? QString()
                                 : tr("Bedrock cannot list models: the first request through "
                                      "the gateway shows whether the region and keys work."));
    m_testNote->setVisible(!testable);
    if (!testable) {
        m_models->hide();
        m_modelsLabel->hide();
    }
    m_modelsLabel->setText(t == BackendType::AzureOpenAi && !m_apiVersion->text().isEmpty()
                               ? tr("Models the resource can deploy:")
                               : tr("Models the server lists:"));
    updateKeyHint();
    showProblems();
}

void BackendDialog::fitHeight()
{
    // Rows and error messages come and go: the dialog takes the height they need now (it does
    // not grow by itself for wrapped texts, and a squeezed form draws some rows zero pixels
    // high), and keeps its width.
    m_form->invalidate();
    layout()->activate();
    // Wrapped texts (hints, errors) need the height they take at this width, not at the width
    // of the size hint.
    const int height = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : sizeHint().height();
    resize(width(), height);
}

void BackendDialog::updateKeyHint()
{
    const KeySource source = keySource();
    const BackendType t = type();
    const bool aws = t == BackendType::Bedrock;
    m_secrets[0].label->setText(source == KeySource::Environment ? tr("Variable:")
                                : t == BackendType::AzureOpenAi &&
                                        m_azureAuth->currentData().toString() ==
                                            QLatin1String("entra")
                                    ? tr("Token:")
                                    : tr("Key:"));
    if (source == KeySource::Keychain) {
        m_secrets[0].value->setPlaceholderText(
            m_secrets[0].storedEntry.isEmpty()
                ? tr("Paste the API key")
                : tr("Stored in the keychain; type a new key to replace it"));
        for (int i = 1; i < secretCount; ++i)
            if (!m_secrets[i].storedEntry.isEmpty())
                m_secrets[i].value->setPlaceholderText(
                    tr("Stored in the keychain; type a new key to replace it"));
        if (aws) {
            QStringList entries;
            for (int i : secretsShown())
                entries << QStringLiteral("\"%1\"").arg(keychainEntry(i));
            m_hint->setText(tr("The keys go to the system keychain (entries %1 of service "
                               "\"switchboard\"); the config holds only references to them. They "
                               "are never shown again.")
                                .arg(QLocale().createSeparatedList(entries)));
        } else {
            m_hint->setText(tr("The key goes to the system keychain (entry \"%1\" of service "
                               "\"switchboard\"); the config holds only a reference to it. It is "
                               "never shown again.")
                                .arg(keychainEntry(0)));
        }
    } else if (source == KeySource::Environment) {
        m_hint->setText(
            aws ? tr("The keys themselves are never stored in the config: the gateway reads them "
                     "from these environment variables when it starts.")
                : tr("The key itself is never stored in the config: the gateway reads it from "
                     "this environment variable when it starts."));
    } else if (t == BackendType::OpenAiCompatible) {
        m_hint->setText(tr("No Authorization header is sent (Ollama, LM Studio, vLLM and "
                           "llama.cpp need none by default)."));
    } else {
        m_hint->setText(tr("No key is sent: for a server or a proxy that needs none."));
    }
}

void BackendDialog::setKeychainEntriesInUse(const QStringList& entries)
{
    m_entriesInUse = entries;
    showProblems();
}

QString BackendDialog::baseUrlProblem() const
{
    const BackendType t = type();
    const QString text = m_baseUrl->text().trimmed();
    const bool required = t == BackendType::OpenAiCompatible || t == BackendType::AzureOpenAi;
    if (text.isEmpty() && !required)
        return QString();
    const QUrl url(text, QUrl::StrictMode);
    if (url.isValid() &&
        (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) &&
        !url.host().isEmpty() && !url.hasQuery() && !url.hasFragment() && url.userInfo().isEmpty())
        return QString();
    return tr("The base URL must be an http:// or https:// URL with a host and no query, e.g. "
              "%1.")
        .arg(t == BackendType::AzureOpenAi ? QStringLiteral("https://my-resource.openai.azure.com")
             : t == BackendType::OpenAiCompatible ? QStringLiteral("http://127.0.0.1:8000/v1")
                                                  : gateway::config::defaultBaseUrl(t));
}

BackendDialog::Problems BackendDialog::problems() const
{
    Problems p;
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        p[NameField] = tr("Give the backend a name.");
    else if (!gateway::config::ConfigLoader::isValidBackendName(name))
        p[NameField] = tr("Use only letters, digits, '.', '_' and '-' (targets are written "
                          "backend/model: no '/', no spaces).");
    else if (m_taken.contains(name))
        p[NameField] = tr("Another backend is already named \"%1\".").arg(name);
    const BackendType t = type();
    if (t == BackendType::Mock)
        return p;
    p[BaseUrlField] = baseUrlProblem();

    static const QRegularExpression region(QStringLiteral("^[a-z0-9-]*$"));
    if (t == BackendType::Bedrock && !region.match(m_region->text().trimmed()).hasMatch())
        p[RegionField] = tr("Write an AWS region such as us-east-1 or eu-central-1.");
    QList<QPair<QString, QString>> deployments;
    if (t == BackendType::AzureOpenAi && !readDeployments(m_deployments->text(), &deployments))
        p[DeploymentsField] = tr("Write each as model=deployment, separated by commas.");
    if (t == BackendType::OpenAiCompatible) {
        const QStringList dropped = items(m_dropParams->text());
        if (dropped.contains(QLatin1String("model")) || dropped.contains(QLatin1String("messages")))
            p[DropParamsField] = tr("\"model\" and \"messages\" cannot be dropped.");
    }

    static const QRegularExpression variable(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (int i : secretsShown()) {
        QString& problem = p[KeyField + i];
        const Secret& s = m_secrets[i];
        const bool optional = secretSpecs[i].optional;
        if (keySource() == KeySource::Environment) {
            const QString key = s.variable->text().trimmed();
            if (key.isEmpty())
                problem =
                    optional ? QString() : tr("Name the environment variable that holds the key.");
            else if (!variable.match(key).hasMatch())
                problem = tr("The variable field takes the NAME of an environment variable "
                             "(letters, digits, _), not the key itself.");
            else if (!qEnvironmentVariableIsSet(key.toLocal8Bit().constData()))
                problem = tr("The environment variable %1 is not set for this console: set it "
                             "and restart Switchboard.")
                              .arg(key);
        } else if (keySource() == KeySource::Keychain) {
            const bool typed = !s.value->text().trimmed().isEmpty();
            if (s.storedEntry.isEmpty() && !typed) {
                if (!optional)
                    problem = i > 0 ? tr("Paste the key, or choose another key source.")
                                    : tr("Paste the API key, or choose another key source.");
            } else if (!gateway::config::Keychain::isValidName(keychainEntry(i))) {
                p[NameField] = tr("Give the backend a name with at least one letter or digit.");
            } else if (s.storedEntry.isEmpty() && m_entriesInUse.contains(keychainEntry(i))) {
                p[NameField] = tr("Another backend keeps its key in the keychain entry \"%1\": "
                                  "give this backend another name.")
                                   .arg(keychainEntry(i));
            }
        }
    }
    return p;
}

void BackendDialog::showProblems()
{
    const Problems p = problems();
    for (int f = 0; f < FieldCount; ++f)
        m_fieldErrors[f]->setMessage(m_edited[f] ? p[f] : QString());
    fitHeight();
}

bool BackendDialog::validate()
{
    m_edited.fill(true);
    showProblems();
    const Problems p = problems();
    QWidget* const focus[FieldCount] = {
        m_name,  m_baseUrl,
        nullptr, // the secrets: the field shown for the source, below
        nullptr, nullptr,   nullptr, m_region, m_deployments, m_dropParams};
    for (int f = 0; f < FieldCount; ++f) {
        if (p[f].isEmpty())
            continue;
        QWidget* w = focus[f];
        if (!w) {
            const Secret& s = m_secrets[f - KeyField];
            w = keySource() == KeySource::Environment ? s.variable : s.value;
        }
        w->setFocus();
        return false;
    }
    return true;
}

QJsonObject BackendDialog::backend() const
{
    QJsonObject b = m_existing; // keeps what this dialog does not show (headers, query, tls …)
    const BackendType t = type();
    const QString existingType = m_existing.value(QLatin1String("type")).toString();
    b.insert(QStringLiteral("name"), m_name->text().trimmed());
    b.insert(QStringLiteral("type"), gateway::config::backendTypeName(t));
    // Another type's keys would be unknown keys to the loader.
    for (const TypeKey& k : typeKeys)
        if (k.type != t)
            b.remove(QLatin1String(k.key));
    if (t == BackendType::Mock) {
        for (const char* k : {"baseUrl", "apiKey", "tls", "headers", "query"})
            b.remove(QLatin1String(k));
        return b;
    }
    const auto setText = [&b](const char* key, const QString& text) {
        if (text.trimmed().isEmpty())
            b.remove(QLatin1String(key));
        else
            b.insert(QLatin1String(key), text.trimmed());
    };
    setText("baseUrl", m_baseUrl->text());
    switch (t) {
    case BackendType::OpenAiCompatible: {
        const QStringList dropped = items(m_dropParams->text());
        if (dropped.isEmpty())
            b.remove(QStringLiteral("dropParams"));
        else
            b.insert(QStringLiteral("dropParams"), QJsonArray::fromStringList(dropped));
        break;
    }
    case BackendType::AzureOpenAi: {
        setText("apiVersion", m_apiVersion->text());
        const QString auth = m_azureAuth->currentData().toString();
        // "api-key" is the default: written only where the config said it already.
        if (auth == QLatin1String("entra") || b.contains(QStringLiteral("auth")))
            b.insert(QStringLiteral("auth"), auth);
        QList<QPair<QString, QString>> pairs;
        readDeployments(m_deployments->text(), &pairs);
        QJsonObject deployments;
        for (const auto& [model, deployment] : pairs)
            deployments.insert(model, deployment);
        if (deployments.isEmpty())
            b.remove(QStringLiteral("deployments"));
        else
            b.insert(QStringLiteral("deployments"), deployments);
        break;
    }
    case BackendType::Anthropic: setText("anthropicVersion", m_anthropicVersion->text()); break;
    case BackendType::Bedrock: setText("region", m_region->text()); break;
    default: break;
    }

    // The secrets, as references to where they are kept.
    const KeySource source = keySource();
    const QList<int> shown = secretsShown();
    QJsonObject aws = b.value(QStringLiteral("aws")).toObject();
    for (int i = 0; i < secretCount; ++i) {
        const SecretSpec& spec = secretSpecs[i];
        QJsonObject& holder = spec.object ? aws : b;
        const QString key = QLatin1String(spec.key);
        if (!shown.contains(i)) {
            // Bedrock takes an apiKey too (ConfigLoader): kept as written, never shown.
            if (!(i == 0 && t == BackendType::Bedrock && existingType == QLatin1String("bedrock")))
                holder.remove(key);
            continue;
        }
        const Secret& s = m_secrets[i];
        QString reference;
        if (source == KeySource::Environment && !s.variable->text().trimmed().isEmpty())
            reference = gateway::config::envReference(s.variable->text().trimmed());
        else if (source == KeySource::Keychain &&
                 (!s.storedEntry.isEmpty() || !s.value->text().trimmed().isEmpty()))
            reference = gateway::config::keychainReference(keychainEntry(i));
        if (reference.isEmpty())
            holder.remove(key);
        else
            holder.insert(key, reference);
    }
    if (t == BackendType::Bedrock && !aws.isEmpty())
        b.insert(QStringLiteral("aws"), aws);
    else
        b.remove(QStringLiteral("aws"));
    return b;
}

QList<BackendDialog::TypedKey> BackendDialog::typedKeys() const
{
    QList<TypedKey> keys;
    if (keySource() != KeySource::Keychain)
        return keys;
    for (int i : secretsShown()) {
        const QByteArray secret = m_secrets[i].value->text().trimmed().toUtf8();
        if (!secret.isEmpty())
            keys.append({keychainEntry(i), secret});
    }
    return keys;
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
    // Keys typed but not stored yet are used as typed; anything else resolves as usual.
    QHash<QString, QByteArray> typed;
    for (const TypedKey& key : typedKeys())
        typed.insert(gateway::config::keychainReference(key.entry), key.secret);
    const gateway::config::ConfigLoader loader([&](const QString& reference) {
        if (const auto it = typed.constFind(reference); it != typed.constEnd())
            return gateway::Result<QByteArray>(*it);
        return gateway::config::resolveSecret(reference);
    });
    const auto config = loader.parse(QJsonDocument(doc).toJson());
    if (!config) {
        m_errors->setMessage(ConfigErrorText::describe(config.error(), doc));
        return;
    }
    m_errors->setMessage(QString());
    m_test->setEnabled(false);
    m_test->setText(tr("Testing…"));
    m_probe->probe(config->backends.first());
}

} // namespace ui
