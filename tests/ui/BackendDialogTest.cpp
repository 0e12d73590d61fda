#include "dialogs/BackendDialog.h"
#include "config/ConfigLoader.h"
#include "config/JsonKeyOrder.h"
#include "models/BackendProbe.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QtTest>

using gateway::config::BackendType;

namespace {

// Parses a config holding only this backend, as the gateway would; every secret resolves.
gateway::Result<gateway::config::Config> load(const QJsonObject& backend)
{
    const QJsonObject doc{{QStringLiteral("schemaVersion"), 1},
                          {QStringLiteral("backends"), QJsonArray{backend}},
                          {QStringLiteral("models"), QJsonArray()}};
    const gateway::config::ConfigLoader loader(
        [](const QString&) { return gateway::Result<QByteArray>(QByteArray("secret")); });
    return loader.parse(QJsonDocument(doc).toJson());
}

template <typename T> T* child(QObject& parent, const char* name)
{
    T* found = parent.findChild<T*>(QLatin1String(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

// True when the widget would be seen with the dialog: its form row is shown.
bool shown(QDialog& dialog, const char* name)
{
    return child<QWidget>(dialog, name)->isVisibleTo(&dialog);
}

void chooseType(QDialog& dialog, BackendType type)
{
    auto* combo = child<QComboBox>(dialog, "type");
    combo->setCurrentIndex(combo->findData(gateway::config::backendTypeName(type)));
}

void clickOk(QDialog& dialog)
{
    dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
}

} // namespace

class BackendDialogTest : public QObject
{
    Q_OBJECT
private slots:
    // Every preset fills a backend that the config loader takes, with the preset's type,
    // endpoint and key variable.
    void everyPresetSavesABackendTheLoaderTakes()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        for (const char* variable :
             {"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "AZURE_OPENAI_API_KEY",
              "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "MISTRAL_API_KEY", "GROQ_API_KEY",
              "TOGETHER_API_KEY"})
            qputenv(variable, "set-for-the-test");
        const struct
        {
            const char* preset;
            BackendType type;
            const char* baseUrl; // as loaded: the default where the preset leaves it empty
            const char* name;
            const char* variable;
        } expected[] = {
            {"OpenAI", BackendType::OpenAiCompatible, "https://api.openai.com/v1", "openai",
             "OPENAI_API_KEY"},
            {"Anthropic", BackendType::Anthropic, "https://api.anthropic.com", "anthropic",
             "ANTHROPIC_API_KEY"},
            {"Google Gemini", BackendType::Gemini,
             "https://generativelanguage.googleapis.com/v1beta", "gemini", "GEMINI_API_KEY"},
            {"Azure OpenAI", BackendType::AzureOpenAi, "https://contoso.openai.azure.com", "azure",
             "AZURE_OPENAI_API_KEY"},
            {"Amazon Bedrock", BackendType::Bedrock,
             "https://bedrock-runtime.us-east-1.amazonaws.com", "bedrock", "AWS_ACCESS_KEY_ID"},
            {"Mistral", BackendType::OpenAiCompatible, "https://api.mistral.ai/v1", "mistral",
             "MISTRAL_API_KEY"},
            {"Groq", BackendType::OpenAiCompatible, "https://api.groq.com/openai/v1", "groq",
             "GROQ_API_KEY"},
            {"Together", BackendType::OpenAiCompatible, "https://api.together.xyz/v1", "together",
             "TOGETHER_API_KEY"},
            {"Ollama", BackendType::Ollama, "http://127.0.0.1:11434", "ollama", ""},
            {"vLLM", BackendType::OpenAiCompatible, "http://127.0.0.1:8000/v1", "vllm", ""},
            {"llama.cpp server", BackendType::OpenAiCompatible, "http://127.0.0.1:8080/v1",
             "llama-cpp", ""},
            {"LM Studio", BackendType::OpenAiCompatible, "http://127.0.0.1:1234/v1", "lm-studio",
             ""},
        };
        {
            ui::BackendDialog dialog(QJsonObject(), {}, &probe);
            QCOMPARE(child<QComboBox>(dialog, "preset")->count(), int(std::size(expected)) + 1);
        }
        for (const auto& e : expected) {
            ui::BackendDialog dialog(QJsonObject(), {}, &probe);
            auto* preset = child<QComboBox>(dialog, "preset");
            const int index = preset->findText(QLatin1String(e.preset));
            QVERIFY2(index > 0, e.preset);
            preset->setCurrentIndex(index);
            emit preset->activated(index);
            QCOMPARE(child<QLineEdit>(dialog, "name")->text(), QLatin1String(e.name));
            // The preset's variable is there for the environment as a key source.
            auto* source = child<QComboBox>(dialog, "apiKeySource");
            if (*e.variable) {
                QCOMPARE(source->currentData().toInt(),
                         int(ui::BackendDialog::KeySource::Keychain));
                source->setCurrentIndex(
                    source->findData(int(ui::BackendDialog::KeySource::Environment)));
            } else {
                QCOMPARE(source->currentData().toInt(), int(ui::BackendDialog::KeySource::None));
            }
            if (e.type == BackendType::AzureOpenAi) {
                clickOk(dialog); // Azure has no public endpoint: the resource's must be given
                QCOMPARE(dialog.result(), int(QDialog::Rejected));
                QVERIFY(!child<QLabel>(dialog, "baseUrlError")->text().isEmpty());
                child<QLineEdit>(dialog, "baseUrl")->setText(QLatin1String(e.baseUrl));
            }
            clickOk(dialog);
            QVERIFY2(dialog.result() == QDialog::Accepted, e.preset);
            const QJsonObject saved = dialog.backend();
            const auto config = load(saved);
            QVERIFY2(config.ok(), qPrintable(e.preset + (": " + config.error())));
            const gateway::config::Backend& b = config->backends.first();
            QCOMPARE(b.type, e.type);
            QCOMPARE(b.baseUrl, QLatin1String(e.baseUrl));
            if (e.type == BackendType::Bedrock) {
                QCOMPARE(b.aws.accessKeyIdRef, QStringLiteral("env:AWS_ACCESS_KEY_ID"));
                QCOMPARE(b.aws.secretAccessKeyRef, QStringLiteral("env:AWS_SECRET_ACCESS_KEY"));
                QVERIFY(b.aws.sessionTokenRef.isEmpty());
                QVERIFY(!saved.contains(QStringLiteral("apiKey")));
            } else {
                QCOMPARE(b.apiKeyRef, *e.variable
                                          ? QStringLiteral("env:") + QLatin1String(e.variable)
                                          : QString());
            }
        }
    }

    // Each type shows the fields it takes, and no other.
    void eachTypeShowsOnlyItsOwnFields()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        ui::BackendDialog dialog(QJsonObject(), {}, &probe);
        dialog.show();
        const QStringList typeFields = {"region",      "apiVersion",       "azureAuth",
                                        "deployments", "anthropicVersion", "dropParams"};
        const struct
        {
            BackendType type;
            QStringList fields;
        } cases[] = {
            {BackendType::OpenAiCompatible, {"dropParams"}},
            {BackendType::Anthropic, {"anthropicVersion"}},
            {BackendType::Gemini, {}},
            {BackendType::AzureOpenAi, {"apiVersion", "azureAuth", "deployments"}},
            {BackendType::Bedrock, {"region"}},
            {BackendType::Ollama, {}},
        };
        auto* source = child<QComboBox>(dialog, "apiKeySource");
        source->setCurrentIndex(source->findData(int(ui::BackendDialog::KeySource::Keychain)));
        for (const auto& c : cases) {
            chooseType(dialog, c.type);
            for (const QString& f : typeFields)
                QVERIFY2(shown(dialog, qPrintable(f)) == c.fields.contains(f),
                         qPrintable(gateway::config::backendTypeName(c.type) + ": " + f));
            QVERIFY(shown(dialog, "baseUrl"));
            QVERIFY(shown(dialog, "apiKeySource"));
            const bool aws = c.type == BackendType::Bedrock;
            QCOMPARE(shown(dialog, "apiKeySecret"), !aws);
            QCOMPARE(shown(dialog, "awsAccessKeyIdSecret"), aws);
            QCOMPARE(shown(dialog, "awsSecretAccessKeySecret"), aws);
            QCOMPARE(shown(dialog, "awsSessionTokenSecret"), aws);
            QVERIFY(!shown(dialog, "apiKeyVariable")); // the keychain is the source
            // Only Bedrock cannot be tested: it says why instead.
            QCOMPARE(child<QPushButton>(dialog, "test")->isEnabled(), !aws);
            QCOMPARE(shown(dialog, "testNote"), aws);
        }
        // The key's variable suggests the type's usual one.
        source->setCurrentIndex(source->findData(int(ui::BackendDialog::KeySource::Environment)));
        chooseType(dialog, BackendType::AzureOpenAi);
        QCOMPARE(child<QLineEdit>(dialog, "apiKeyVariable")->placeholderText(),
                 QStringLiteral("AZURE_OPENAI_API_KEY"));
        chooseType(dialog, BackendType::Anthropic);
        QCOMPARE(child<QLineEdit>(dialog, "apiKeyVariable")->placeholderText(),
                 QStringLiteral("ANTHROPIC_API_KEY"));
        // A hosted type's endpoint is its placeholder, and the field may stay empty.
        chooseType(dialog, BackendType::Gemini);
        QCOMPARE(child<QLineEdit>(dialog, "baseUrl")->placeholderText(),
                 QStringLiteral("https://generativelanguage.googleapis.com/v1beta"));
        chooseType(dialog, BackendType::Bedrock);
        child<QLineEdit>(dialog, "region")->setText(QStringLiteral("eu-central-1"));
        QCOMPARE(child<QLineEdit>(dialog, "baseUrl")->placeholderText(),
                 QStringLiteral("https://bedrock-runtime.eu-central-1.amazonaws.com"));
        // The mock takes a name and nothing else.
        chooseType(dialog, BackendType::Mock);
        for (const QString& f : typeFields)
            QVERIFY(!shown(dialog, qPrintable(f)));
        for (const char* f : {"baseUrl", "apiKeySource", "apiKeySecret", "keyHint"})
            QVERIFY2(!shown(dialog, f), f);
    }

    // Editing keeps what the dialog does not show, and the file keeps its key order.
    void editingKeepsUnshownKeysAndTheKeyOrder()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        const QByteArray text = "{\n"
                                "    \"schemaVersion\": 1,\n"
                                "    \"backends\": [\n"
                                "        {\n"
                                "            \"type\": \"azure-openai\",\n"
                                "            \"name\": \"azure\",\n"
                                "            \"headers\": {\"X-Team\": \"research\"},\n"
                                "            \"baseUrl\": \"https://contoso.openai.azure.com\",\n"
                                "            \"deployments\": {\"gpt-4o\": \"prod-4o\"},\n"
                                "            \"apiKey\": \"env:AZURE_OPENAI_API_KEY\",\n"
                                "            \"query\": {\"tenant\": \"a\"},\n"
                                "            \"apiVersion\": \"2024-10-21\"\n"
                                "        }\n"
                                "    ],\n"
                                "    \"models\": []\n"
                                "}";
        qputenv("AZURE_OPENAI_API_KEY", "set-for-the-test");
        QJsonObject doc = QJsonDocument::fromJson(text).object();
        const QJsonObject existing =
            doc.value(QStringLiteral("backends")).toArray().at(0).toObject();
        ui::BackendDialog dialog(existing, {}, &probe);
        QVERIFY(!shown(dialog, "preset")); // presets start new backends
        QCOMPARE(child<QLineEdit>(dialog, "deployments")->text(), QStringLiteral("gpt-4o=prod-4o"));
        QCOMPARE(child<QLineEdit>(dialog, "apiKeyVariable")->text(),
                 QStringLiteral("AZURE_OPENAI_API_KEY"));
        child<QLineEdit>(dialog, "deployments")->setText(QStringLiteral("gpt-4o=prod-4o, o3 = r"));
        auto* auth = child<QComboBox>(dialog, "azureAuth");
        auth->setCurrentIndex(auth->findData(QStringLiteral("entra")));
        clickOk(dialog);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const QJsonObject edited = dialog.backend();
        QCOMPARE(edited.value(QStringLiteral("headers")).toObject().value(QStringLiteral("X-Team")),
                 QJsonValue(QStringLiteral("research")));
        QCOMPARE(edited.value(QStringLiteral("query")).toObject().size(), 1);
        const auto config = load(edited);
        QVERIFY2(config.ok(), qPrintable(config.error()));
        const gateway::config::Backend& b = config->backends.first();
        QVERIFY(b.entraAuth);
        QCOMPARE(b.apiVersion, QStringLiteral("2024-10-21"));
        QCOMPARE(b.deploymentFor(QStringLiteral("o3")), QStringLiteral("r"));
        QCOMPARE(b.extraHeaders.size(), 1);

        doc.insert(QStringLiteral("backends"), QJsonArray{edited});
        const QByteArray written = gateway::config::JsonKeyOrder::of(text).write(doc);
        QStringList order;
        for (const char* key :
             {"\"type\"", "\"name\"", "\"headers\"", "\"baseUrl\"", "\"deployments\"", "\"apiKey\"",
              "\"query\"", "\"apiVersion\"", "\"auth\""})
            order << QString::number(written.indexOf(key));
        for (int i = 1; i < order.size(); ++i)
            QVERIFY2(order.at(i - 1).toInt() < order.at(i).toInt(), written.constData());
    }

    // Changing the type drops the keys only the old type takes: the loader would refuse them.
    void anotherTypeDropsTheOldTypesKeys()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        const QJsonObject existing{
            {QStringLiteral("name"), QStringLiteral("b")},
            {QStringLiteral("type"), QStringLiteral("bedrock")},
            {QStringLiteral("region"), QStringLiteral("eu-west-1")},
            {QStringLiteral("aws"),
             QJsonObject{
                 {QStringLiteral("accessKeyId"), QStringLiteral("keychain:b-aws-access-key-id")},
                 {QStringLiteral("secretAccessKey"),
                  QStringLiteral("keychain:b-aws-secret-access-key")}}},
            {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-A"), QStringLiteral("1")}}}};
        ui::BackendDialog dialog(existing, {}, &probe);
        QCOMPARE(child<QComboBox>(dialog, "apiKeySource")->currentData().toInt(),
                 int(ui::BackendDialog::KeySource::Keychain));
        // Stored keys need not be typed again.
        clickOk(dialog);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.backend(), existing);
        QVERIFY(dialog.typedKeys().isEmpty());

        chooseType(dialog, BackendType::Anthropic);
        child<QLineEdit>(dialog, "apiKeySecret")->setText(QStringLiteral("sk-ant"));
        child<QLineEdit>(dialog, "anthropicVersion")->setText(QStringLiteral("2024-01-01"));
        clickOk(dialog);
        const QJsonObject anthropic = dialog.backend();
        QVERIFY(!anthropic.contains(QStringLiteral("region")));
        QVERIFY(!anthropic.contains(QStringLiteral("aws")));
        QVERIFY(!anthropic.contains(QStringLiteral("baseUrl"))); // the public endpoint
        QCOMPARE(anthropic.value(QStringLiteral("apiKey")).toString(),
                 QStringLiteral("keychain:b"));
        QVERIFY(anthropic.contains(QStringLiteral("headers")));
        const auto config = load(anthropic);
        QVERIFY2(config.ok(), qPrintable(config.error()));
        QCOMPARE(config->backends.first().anthropicVersion, QStringLiteral("2024-01-01"));
        QCOMPARE(dialog.typedKeys().size(), 1);
        QCOMPARE(dialog.typedKeys().first().entry, QStringLiteral("b"));

        chooseType(dialog, BackendType::Mock);
        const QJsonObject mock = dialog.backend();
        QCOMPARE(mock.keys(), QStringList({"name", "type"}));
        QVERIFY(load(mock).ok());
    }

    // Bedrock's AWS keys typed for the keychain go to one entry each.
    void bedrockKeysGoToTheKeychainOneEntryEach()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        ui::BackendDialog dialog(QJsonObject(), {}, &probe);
        dialog.setKeychainEntriesInUse({QStringLiteral("aws-aws-access-key-id")});
        chooseType(dialog, BackendType::Bedrock);
        child<QLineEdit>(dialog, "name")->setText(QStringLiteral("aws"));
        auto* source = child<QComboBox>(dialog, "apiKeySource");
        source->setCurrentIndex(source->findData(int(ui::BackendDialog::KeySource::Keychain)));
        child<QLineEdit>(dialog, "region")->setText(QStringLiteral("EU West"));
        clickOk(dialog);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!child<QLabel>(dialog, "regionError")->text().isEmpty());
        QVERIFY(!child<QLabel>(dialog, "awsAccessKeyIdError")->text().isEmpty());
        QVERIFY(!child<QLabel>(dialog, "awsSecretAccessKeyError")->text().isEmpty());
        QVERIFY(child<QLabel>(dialog, "awsSessionTokenError")->text().isEmpty()); // optional
        child<QLineEdit>(dialog, "region")->setText(QStringLiteral("eu-west-1"));
        child<QLineEdit>(dialog, "awsAccessKeyIdSecret")->setText(QStringLiteral("AKIA"));
        child<QLineEdit>(dialog, "awsSecretAccessKeySecret")->setText(QStringLiteral("s3cr3t"));
        // Another backend keeps its key in the entry this name would use.
        QVERIFY2(child<QLabel>(dialog, "nameError")
                     ->text()
                     .contains(QStringLiteral("aws-aws-access-key-id")),
                 qPrintable(child<QLabel>(dialog, "nameError")->text()));
        child<QLineEdit>(dialog, "name")->setText(QStringLiteral("bedrock"));
        QVERIFY(child<QLabel>(dialog, "keyHint")
                    ->text()
                    .contains(QStringLiteral("bedrock-aws-secret-access-key")));
        clickOk(dialog);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const QList<ui::BackendDialog::TypedKey> keys = dialog.typedKeys();
        QCOMPARE(keys.size(), 2);
        QCOMPARE(keys.at(0).entry, QStringLiteral("bedrock-aws-access-key-id"));
        QCOMPARE(keys.at(0).secret, QByteArray("AKIA"));
        QCOMPARE(keys.at(1).entry, QStringLiteral("bedrock-aws-secret-access-key"));
        const QJsonObject saved = dialog.backend();
        QCOMPARE(ui::BackendDialog::secretReferences(saved),
                 QStringList({"keychain:bedrock-aws-access-key-id",
                              "keychain:bedrock-aws-secret-access-key"}));
        const auto config = load(saved);
        QVERIFY2(config.ok(), qPrintable(config.error()));
        QCOMPARE(config->backends.first().region, QStringLiteral("eu-west-1"));
    }

    void typeSpecificFieldsAreChecked()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        ui::BackendDialog dialog(QJsonObject(), {}, &probe);
        child<QLineEdit>(dialog, "name")->setText(QStringLiteral("x"));
        chooseType(dialog, BackendType::AzureOpenAi);
        child<QLineEdit>(dialog, "baseUrl")
            ->setText(QStringLiteral("https://r.openai.azure.com?x=1"));
        QVERIFY(
            !child<QLabel>(dialog, "baseUrlError")->text().isEmpty()); // the loader refuses a query
        child<QLineEdit>(dialog, "baseUrl")->setText(QStringLiteral("https://r.openai.azure.com"));
        child<QLineEdit>(dialog, "deployments")->setText(QStringLiteral("gpt-4o"));
        QVERIFY(child<QLabel>(dialog, "deploymentsError")
                    ->text()
                    .contains(QStringLiteral("model=deployment")));
        child<QLineEdit>(dialog, "deployments")->setText(QString());
        QVERIFY(child<QLabel>(dialog, "deploymentsError")->text().isEmpty());
        chooseType(dialog, BackendType::OpenAiCompatible);
        child<QLineEdit>(dialog, "baseUrl")->setText(QStringLiteral("http://127.0.0.1:8000/v1"));
        child<QLineEdit>(dialog, "dropParams")->setText(QStringLiteral("seed, model"));
        QVERIFY(!child<QLabel>(dialog, "dropParamsError")->text().isEmpty());
        child<QLineEdit>(dialog, "dropParams")->setText(QStringLiteral("seed, logit_bias"));
        clickOk(dialog);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto config = load(dialog.backend());
        QVERIFY2(config.ok(), qPrintable(config.error()));
        QCOMPARE(config->backends.first().dropParams, QStringList({"seed", "logit_bias"}));
    }

    // The Backends page and the dialog name each type as people know it.
    void everyTypeHasADisplayName()
    {
        QStringList names;
        for (BackendType t : {BackendType::Mock, BackendType::OpenAiCompatible,
                              BackendType::Anthropic, BackendType::Gemini, BackendType::AzureOpenAi,
                              BackendType::Bedrock, BackendType::Ollama})
            names << ui::BackendDialog::typeDisplayName(t);
        QCOMPARE(names, QStringList({"Built-in mock", "OpenAI-compatible", "Anthropic",
                                     "Google Gemini", "Azure OpenAI", "Amazon Bedrock", "Ollama"}));
    }
};

QTEST_MAIN(BackendDialogTest)
#include "BackendDialogTest.moc"
