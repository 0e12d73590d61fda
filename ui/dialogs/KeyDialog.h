#pragma once

#include "Clock.h"
#include "governance/KeyStore.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace ui {

class ErrorLabel;

// Creates a gateway key, or edits one (its tenant, models, limits, expiry and metadata; a key's
// name does not change). The name is checked as it is typed (ConfigLoader::isValidKeyName, and
// not one of takenNames); the models are alias globs, with the config's aliases offered; a
// limit at zero is no limit, and a budget is set only when ticked. The page does the store's
// operation with spec() and shows its error here (showError) if it fails.
class KeyDialog : public QDialog
{
    Q_OBJECT
public:
    struct Choices
    {
        QStringList takenNames; // of the other keys
        QStringList tenants;    // offered; any valid name may be typed
        QStringList aliases;    // the config's model aliases, offered for the models field
    };
    // existing: the key to edit, or null to create one.
    KeyDialog(const gateway::governance::KeyRecord* existing, const Choices& choices,
              gateway::WallClock clock, QWidget* parent = nullptr);

    // What the dialog sets, valid once accepted. Editing sets every field but the name's.
    gateway::governance::KeySpec spec() const;
    // An error of the store's operation, in its words.
    void showError(const QString& message);

private:
    enum Field { NameField, TenantField, ModelsField, ExpiryField, MetadataField, FieldCount };
    QString problem(Field field) const;
    void showProblems();
    bool validate();
    void updateExpiry();
    void addAlias(const QString& alias);
    void addRow(const QString& label, QWidget* field, ErrorLabel* error = nullptr);
    void readExisting(const gateway::governance::KeyRecord& key);
    QStringList models() const;
    // metadata as "key=value" items; false if one is not of that form.
    bool readMetadata(QList<QPair<QString, QString>>* pairs) const;
    qint64 expiresMs() const;

    bool m_editing;
    Choices m_choices;
    gateway::WallClock m_clock;
    QGridLayout* m_form;
    QLineEdit* m_name;
    QComboBox* m_tenant;
    QLineEdit* m_models;
    QToolButton* m_addModel;
    QSpinBox* m_rpm;
    QSpinBox* m_tpm;
    QSpinBox* m_maxConcurrent;
    QDoubleSpinBox* m_quota;
    QComboBox* m_quotaPeriod;
    QCheckBox* m_hasBudget;
    QDoubleSpinBox* m_budget;
    QComboBox* m_budgetPeriod;
    QSpinBox* m_alertAt;
    QComboBox* m_expiry;
    QSpinBox* m_expiryDays;
    QDateTimeEdit* m_expiryDate;
    QLineEdit* m_metadata;
    std::array<ErrorLabel*, FieldCount> m_fieldErrors;
    std::array<bool, FieldCount> m_edited{};
    ErrorLabel* m_error; // the store's
    QDialogButtonBox* m_buttons;
};

} // namespace ui
