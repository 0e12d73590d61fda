#pragma once

#include "Result.h"
#include "config/Config.h"

#include <QDialog>
#include <QJsonObject>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace ui {

class BackendProbe;
class ErrorLabel;

// Adds or edits one backend. Fields depend on the provider type. A field's problem is shown next
// to it once the field was edited (or on OK), not while the user has not got to it yet; "Test
// connection" asks the backend for its models with what is in the form and lists them.
//
// The API key is kept in the system keychain (the config says keychain:NAME) or read from an
// environment variable (env:NAME); it is never written to the config and, once stored, never
// shown again. The dialog only collects a newly typed key (typedKey): the page stores it
// before it applies the config.
class BackendDialog : public QDialog
{
    Q_OBJECT
public:
    // existing: the backend's JSON (edit) or empty (add). takenNames: names of the others.
    BackendDialog(const QJsonObject& existing, const QStringList& takenNames, BackendProbe* probe,
                  QWidget* parent = nullptr);

    // The backend as config JSON (valid once accepted).
    QJsonObject backend() const;
    // Where the backend's API key comes from (the "apiKeySource" combo box's item data).
    enum class KeySource { Keychain, Environment, None };

    // A key typed for the keychain, with the entry backend() refers to; empty when none was.
    struct TypedKey
    {
        QString entry;
        QByteArray secret;
    };
    std::optional<TypedKey> typedKey() const;
    // Keychain entries other backends keep their keys in: a new key must not overwrite them.
    void setKeychainEntriesInUse(const QStringList& entries);
    // Shows an error from applying the config, worded for people (ConfigErrorText).
    void showApplyError(const QString& message);

private:
    // What is wrong with each field; empty strings where nothing is.
    struct Problems
    {
        QString name;
        QString baseUrl;
        QString key;
        bool any() const { return !name.isEmpty() || !baseUrl.isEmpty() || !key.isEmpty(); }
    };
    Problems problems() const;
    // Shows the problems of the fields edited so far next to them.
    void showProblems();
    // OK and "Test connection": every field counts as edited; true when nothing is wrong, else
    // the first field with a problem gets the focus.
    bool validate();
    void updateFields();
    void updateKeyHint();
    void testConnection();
    void choosePreset(int index);
    KeySource keySource() const;
    void setKeySource(KeySource source);
    QString keychainEntry() const;

    QStringList m_taken;
    BackendProbe* m_probe;
    QLineEdit* m_name;
    QComboBox* m_type;
    QComboBox* m_preset;
    QLineEdit* m_baseUrl;
    QComboBox* m_keySource;
    QLineEdit* m_apiKeySecret;
    QLineEdit* m_apiKeyVariable;
    QLabel* m_keySourceLabel;
    QLabel* m_baseUrlLabel;
    QLabel* m_apiKeyLabel;
    QLabel* m_presetLabel;
    QLabel* m_hint;
    ErrorLabel* m_nameError;
    ErrorLabel* m_baseUrlError;
    ErrorLabel* m_keyError;
    ErrorLabel* m_errors; // the connection test's and applying the config's
    QPushButton* m_test;
    QLabel* m_modelsLabel;
    QListWidget* m_models;
    QDialogButtonBox* m_buttons;
    QJsonObject m_existing;
    QString m_storedEntry; // the keychain entry the edited backend already uses, if any
    QStringList m_entriesInUse;
    bool m_nameEdited = false;
    bool m_baseUrlEdited = false;
    bool m_keyEdited = false;
};

} // namespace ui
