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

// Adds or edits one backend. Fields depend on the provider type; every field is checked as it
// is typed, and "Test connection" asks the backend for its models with what is in the form.
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
    // Shows an error from applying the config (the loader's message, with its key path).
    void showApplyError(const QString& message);

private:
    void updateFields();
    void updateKeyHint();
    bool validate();
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
    QLabel* m_errors;
    QPushButton* m_test;
    QListWidget* m_models;
    QDialogButtonBox* m_buttons;
    QJsonObject m_existing;
    QString m_storedEntry; // the keychain entry the edited backend already uses, if any
    QStringList m_entriesInUse;
};

} // namespace ui
