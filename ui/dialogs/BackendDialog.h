#pragma once

#include "Result.h"
#include "config/Config.h"

#include <QDialog>
#include <QJsonObject>

#include <array>

class QComboBox;
class QDialogButtonBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace ui {

class BackendProbe;
class ErrorLabel;

// Adds or edits one backend. Each backend type shows only the fields it takes (config/Config.h):
// a hosted provider's base URL may stay empty (its public endpoint, shown as the placeholder);
// Azure takes an API version, its auth and a deployments map; Anthropic its version header;
// Bedrock a region and AWS keys; OpenAI-compatible servers the fields to drop. A preset fills
// the type, base URL, a name and the usual key variable of a well-known server. Keys of the
// backend's JSON that the dialog does not show (headers, query, tls, a mock's models) are kept.
// A field's problem is shown next to it once the field was edited (or on OK), not while the user
// has not got to it yet; "Test connection" asks the backend for its models with what is in the
// form and lists them (providers::ModelCatalog).
//
// Secrets (the API key, Bedrock's AWS keys) are kept in the system keychain (the config says
// keychain:NAME) or read from environment variables (env:NAME); they are never written to the
// config and, once stored, never shown again. The dialog only collects newly typed keys
// (typedKeys): the page stores them before it applies the config.
class BackendDialog : public QDialog
{
    Q_OBJECT
public:
    // existing: the backend's JSON (edit) or empty (add). takenNames: names of the others.
    BackendDialog(const QJsonObject& existing, const QStringList& takenNames, BackendProbe* probe,
                  QWidget* parent = nullptr);

    // The backend as config JSON (valid once accepted).
    QJsonObject backend() const;
    // Where the backend's secrets come from (the "apiKeySource" combo box's item data).
    enum class KeySource { Keychain, Environment, None };

    // A key typed for the keychain, with the entry backend() refers to.
    struct TypedKey
    {
        QString entry;
        QByteArray secret;
    };
    QList<TypedKey> typedKeys() const;
    // Keychain entries other backends keep their keys in: a new key must not overwrite them.
    void setKeychainEntriesInUse(const QStringList& entries);
    // Shows an error from applying the config, worded for people (ConfigErrorText).
    void showApplyError(const QString& message);

    // The name people know a backend type by: "Anthropic", "OpenAI-compatible" …
    static QString typeDisplayName(gateway::config::BackendType type);
    // The secret references a backend's JSON holds (apiKey, aws.accessKeyId …), as written.
    static QStringList secretReferences(const QJsonObject& backend);

private:
    // The fields that can have a problem, each shown by its own error label.
    enum Field {
        NameField,
        BaseUrlField,
        KeyField, // the API key; the three AWS keys follow, in secretSpecs' order
        AccessKeyIdField,
        SecretAccessKeyField,
        SessionTokenField,
        RegionField,
        DeploymentsField,
        DropParamsField,
        FieldCount
    };
    static constexpr int secretCount = 4; // KeyField … SessionTokenField
    using Problems = std::array<QString, FieldCount>;
    // One secret: its row, the field for a key to store and the one for a variable's name.
    struct Secret
    {
        QLabel* label = nullptr;
        QLineEdit* value = nullptr;    // typed for the keychain
        QLineEdit* variable = nullptr; // the environment variable's name
        QString storedEntry;           // the keychain entry the edited backend already uses
    };

    gateway::config::BackendType type() const;
    Problems problems() const;
    QString baseUrlProblem() const;
    // Shows the problems of the fields edited so far next to them.
    void showProblems();
    // OK and "Test connection": every field counts as edited; true when nothing is wrong, else
    // the first field with a problem gets the focus.
    bool validate();
    void updateFields();
    void updateKeyHint();
    void fitHeight();
    void testConnection();
    void choosePreset(int index);
    KeySource keySource() const;
    void setKeySource(KeySource source);
    // The secrets the current type takes (indexes into m_secrets).
    QList<int> secretsShown() const;
    // The keychain entry secret `index` goes to.
    QString keychainEntry(int index) const;
    void readExisting(const QJsonObject& existing);
    // lineOf: the widget whose height the label takes (the field, unless given).
    void addRow(QLabel* label, QWidget* field, ErrorLabel* error = nullptr,
                QWidget* lineOf = nullptr);
    void setRowShown(QLabel* label, bool shown);

    QStringList m_taken;
    BackendProbe* m_probe;
    QGridLayout* m_form; // label | field, with the field's error below it
    struct Row
    {
        QLabel* label;
        QWidget* field;
        ErrorLabel* error;
    };
    QList<Row> m_rows;
    QComboBox* m_preset;
    QLineEdit* m_name;
    QComboBox* m_type;
    QLineEdit* m_baseUrl;
    QLineEdit* m_region;
    QLineEdit* m_apiVersion;
    QComboBox* m_azureAuth;
    QLineEdit* m_deployments;
    QLineEdit* m_anthropicVersion;
    QLineEdit* m_dropParams;
    QComboBox* m_keySource;
    std::array<Secret, secretCount> m_secrets;
    QLabel* m_presetLabel;
    QLabel* m_baseUrlLabel;
    QLabel* m_regionLabel;
    QLabel* m_apiVersionLabel;
    QLabel* m_azureAuthLabel;
    QLabel* m_deploymentsLabel;
    QLabel* m_anthropicVersionLabel;
    QLabel* m_dropParamsLabel;
    QLabel* m_keySourceLabel;
    QLabel* m_hint;
    std::array<ErrorLabel*, FieldCount> m_fieldErrors;
    std::array<bool, FieldCount> m_edited{};
    ErrorLabel* m_errors; // the connection test's and applying the config's
    QPushButton* m_test;
    QLabel* m_testNote; // why there is no test (Bedrock), or what the list is
    QLabel* m_modelsLabel;
    QListWidget* m_models;
    QDialogButtonBox* m_buttons;
    QJsonObject m_existing;
    QStringList m_entriesInUse;
    QString m_suggestedName; // the name the last preset filled in
};

} // namespace ui
