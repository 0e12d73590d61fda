#include "dialogs/KeyDialog.h"

#include "config/ConfigLoader.h"
#include "governance/Principal.h"
#include "models/KeyText.h"
#include "pages/Page.h"
#include "widgets/ErrorLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

using gateway::config::ConfigLoader;
using gateway::config::Limits;
using gateway::config::Period;
using gateway::governance::KeyRecord;
using gateway::governance::KeySpec;

namespace {

enum class Expiry { Never, InDays, OnDate };
constexpr qint64 dayMs = 86'400'000;

// Comma-separated text as a list, without empty items.
QStringList items(const QString& text)
{
    QStringList out;
    for (const QString& item : text.split(QLatin1Char(',')))
        if (!item.trimmed().isEmpty())
            out << item.trimmed();
    return out;
}

void fillPeriods(QComboBox* box)
{
    for (const Period p : {Period::Day, Period::Week, Period::Month})
        box->addItem(KeyText::perPeriod(p), int(p));
    box->addItem(KeyDialog::tr("in total (never resets)"), int(Period::Total));
    box->setCurrentIndex(box->findData(int(Period::Month)));
}

Period periodOf(const QComboBox* box)
{
    return Period(box->currentData().toInt());
}

// A limit's spin box: zero means none.
template <typename Box> void noLimitAtZero(Box* box, double max)
{
    box->setRange(0, max);
    box->setSpecialValueText(KeyDialog::tr("no limit"));
    box->setGroupSeparatorShown(true);
    box->setAccelerated(true);
}

} // namespace

KeyDialog::KeyDialog(const KeyRecord* existing, const Choices& choices, gateway::WallClock clock,
                     QWidget* parent)
    : QDialog(parent), m_editing(existing != nullptr), m_choices(choices),
      m_clock(std::move(clock)), m_form(new QGridLayout), m_name(new QLineEdit),
      m_tenant(new QComboBox), m_models(new QLineEdit), m_addModel(new QToolButton),
      m_rpm(new QSpinBox), m_tpm(new QSpinBox), m_maxConcurrent(new QSpinBox),
      m_quota(new QDoubleSpinBox), m_quotaPeriod(new QComboBox), m_hasBudget(new QCheckBox),
      m_budget(new QDoubleSpinBox), m_budgetPeriod(new QComboBox), m_alertAt(new QSpinBox),
      m_expiry(new QComboBox), m_expiryDays(new QSpinBox), m_expiryDate(new QDateTimeEdit),
      m_metadata(new QLineEdit), m_error(new ErrorLabel),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(QStringLiteral("keyDialog"));
    setWindowTitle(existing ? tr("Edit key %1").arg(existing->name) : tr("Create key"));
    for (ErrorLabel*& e : m_fieldErrors)
        e = new ErrorLabel;
    const char* errorNames[] = {"nameError", "tenantError", "modelsError", "expiryError",
                                "metadataError"};
    for (int f = 0; f < FieldCount; ++f)
        m_fieldErrors[f]->setObjectName(QLatin1String(errorNames[f]));
    m_name->setObjectName(QStringLiteral("name"));
    m_tenant->setObjectName(QStringLiteral("tenant"));
    m_models->setObjectName(QStringLiteral("models"));
    m_addModel->setObjectName(QStringLiteral("addModel"));
    m_rpm->setObjectName(QStringLiteral("rpm"));
    m_tpm->setObjectName(QStringLiteral("tpm"));
    m_maxConcurrent->setObjectName(QStringLiteral("maxConcurrent"));
    m_quota->setObjectName(QStringLiteral("quota"));
    m_quotaPeriod->setObjectName(QStringLiteral("quotaPeriod"));
    m_hasBudget->setObjectName(QStringLiteral("hasBudget"));
    m_budget->setObjectName(QStringLiteral("budget"));
    m_budgetPeriod->setObjectName(QStringLiteral("budgetPeriod"));
    m_alertAt->setObjectName(QStringLiteral("alertAt"));
    m_expiry->setObjectName(QStringLiteral("expiry"));
    m_expiryDays->setObjectName(QStringLiteral("expiryDays"));
    m_expiryDate->setObjectName(QStringLiteral("expiryDate"));
    m_metadata->setObjectName(QStringLiteral("metadata"));
    m_error->setObjectName(QStringLiteral("error"));

    m_name->setToolTip(tr("1 to 64 letters, digits, '.', '_' and '-'. Logs and the command line "
                          "name the key by it."));
    m_name->setPlaceholderText(tr("e.g. ci-pipeline"));
    m_tenant->setEditable(true);
    m_tenant->setInsertPolicy(QComboBox::NoInsert);
    QStringList tenants = choices.tenants;
    tenants.prepend(gateway::governance::defaultTenant());
    tenants.removeDuplicates();
    m_tenant->addItems(tenants);
    m_tenant->setToolTip(tr("Limits, budgets and spend are kept per tenant as well as per key."));
    m_models->setPlaceholderText(tr("Every model"));
    m_models->setToolTip(tr("The model aliases the key may use, separated by commas; * matches "
                            "any text (claude-*). Empty: every model."));
    m_addModel->setText(tr("Add"));
    m_addModel->setToolTip(tr("Add one of the config's model aliases"));
    m_addModel->setAccessibleName(m_addModel->toolTip());
    m_addModel->setPopupMode(QToolButton::InstantPopup);
    auto* aliasMenu = new QMenu(m_addModel);
    for (const QString& alias : choices.aliases)
        aliasMenu->addAction(alias, this, [this, alias] { addAlias(alias); });
    m_addModel->setMenu(aliasMenu);
    m_addModel->setEnabled(!choices.aliases.isEmpty());

    noLimitAtZero(m_rpm, 1'000'000'000);
    noLimitAtZero(m_tpm, 2'000'000'000);
    noLimitAtZero(m_maxConcurrent, 1'000'000);
    noLimitAtZero(m_quota, 1e15);
    m_quota->setDecimals(0);
    m_rpm->setSuffix(tr(" requests/min"));
    m_tpm->setSuffix(tr(" tokens/min"));
    m_maxConcurrent->setSuffix(tr(" at once"));
    m_quota->setSuffix(tr(" tokens"));
    fillPeriods(m_quotaPeriod);
    fillPeriods(m_budgetPeriod);
    m_quotaPeriod->setAccessibleName(tr("Token quota period"));
    m_budgetPeriod->setAccessibleName(tr("Budget period"));
    m_hasBudget->setText(tr("Limit to"));
    m_hasBudget->setToolTip(tr("A key with no budget is never refused for spend."));
    m_budget->setRange(0, 1e9);
    m_budget->setDecimals(2);
    m_budget->setSuffix(tr(" USD"));
    m_budget->setGroupSeparatorShown(true);
    m_budget->setAccessibleName(tr("Budget in US dollars"));
    m_budget->setValue(10);
    m_alertAt->setRange(1, 100);
    m_alertAt->setValue(Limits().alertAtPercent);
    m_alertAt->setSuffix(tr(" %"));
    m_alertAt->setToolTip(tr("The console, the log and the alert webhook say so when the quota or "
                             "the budget is used this far."));
    m_expiry->addItem(tr("Never"), int(Expiry::Never));
    m_expiry->addItem(tr("In a number of days"), int(Expiry::InDays));
    m_expiry->addItem(tr("On a date"), int(Expiry::OnDate));
    m_expiryDays->setRange(1, 3650);
    m_expiryDays->setValue(30);
    m_expiryDays->setSuffix(tr(" days"));
    m_expiryDays->setAccessibleName(tr("Expires in days"));
    m_expiryDate->setCalendarPopup(true);
    m_expiryDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_expiryDate->setDateTime(QDateTime::fromMSecsSinceEpoch(m_clock() + 30 * dayMs));
    m_expiryDate->setAccessibleName(tr("Expires on"));
    m_metadata->setPlaceholderText(tr("e.g. team=ml, owner=ana"));
    m_metadata->setToolTip(tr("Tags as name=value, separated by commas."));

    m_form->setSpacing(spacing::normal);
    m_form->setColumnStretch(1, 1);
    addRow(tr("&Name:"), m_name, m_fieldErrors[NameField]);
    // A key keeps its name: logs, spend and the command line know it by it.
    m_name->setReadOnly(existing != nullptr);
    addRow(tr("&Tenant:"), m_tenant, m_fieldErrors[TenantField]);
    auto* models = new QWidget;
    auto* modelsRow = new QHBoxLayout(models);
    modelsRow->setContentsMargins(0, 0, 0, 0);
    modelsRow->setSpacing(spacing::tight);
    modelsRow->addWidget(m_models, 1);
    modelsRow->addWidget(m_addModel);
    addRow(tr("&Models:"), models, m_fieldErrors[ModelsField]);
    static_cast<QLabel*>(m_form->itemAtPosition(m_form->rowCount() - 1, 0)->widget())
        ->setBuddy(m_models);
    addRow(tr("&Requests:"), m_rpm);
    addRow(tr("T&okens:"), m_tpm);
    addRow(tr("In &flight:"), m_maxConcurrent);
    auto* quota = new QWidget;
    auto* quotaRow = new QHBoxLayout(quota);
    quotaRow->setContentsMargins(0, 0, 0, 0);
    quotaRow->setSpacing(spacing::tight);
    quotaRow->addWidget(m_quota, 1);
    quotaRow->addWidget(m_quotaPeriod);
    addRow(tr("Token &quota:"), quota);
    static_cast<QLabel*>(m_form->itemAtPosition(m_form->rowCount() - 1, 0)->widget())
        ->setBuddy(m_quota);
    auto* budget = new QWidget;
    auto* budgetRow = new QHBoxLayout(budget);
    budgetRow->setContentsMargins(0, 0, 0, 0);
    budgetRow->setSpacing(spacing::tight);
    budgetRow->addWidget(m_hasBudget);
    budgetRow->addWidget(m_budget, 1);
    budgetRow->addWidget(m_budgetPeriod);
    addRow(tr("&Budget:"), budget);
    static_cast<QLabel*>(m_form->itemAtPosition(m_form->rowCount() - 1, 0)->widget())
        ->setBuddy(m_hasBudget);
    addRow(tr("&Alert at:"), m_alertAt);
    auto* expiry = new QWidget;
    auto* expiryRow = new QHBoxLayout(expiry);
    expiryRow->setContentsMargins(0, 0, 0, 0);
    expiryRow->setSpacing(spacing::tight);
    expiryRow->addWidget(m_expiry);
    expiryRow->addWidget(m_expiryDays, 1);
    expiryRow->addWidget(m_expiryDate, 1);
    addRow(tr("&Expires:"), expiry, m_fieldErrors[ExpiryField]);
    static_cast<QLabel*>(m_form->itemAtPosition(m_form->rowCount() - 1, 0)->widget())
        ->setBuddy(m_expiry);
    addRow(tr("Meta&data:"), m_metadata, m_fieldErrors[MetadataField]);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(spacing::normal);
    layout->addLayout(m_form);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(m_buttons);
    if (existing)
        readExisting(*existing);
    else
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create key"));

    const auto edited = [this](Field field) {
        return [this, field] {
            m_edited[field] = true;
            showProblems();
        };
    };
    connect(m_name, &QLineEdit::textChanged, this, edited(NameField));
    connect(m_tenant, &QComboBox::currentTextChanged, this, edited(TenantField));
    connect(m_models, &QLineEdit::textChanged, this, edited(ModelsField));
    connect(m_metadata, &QLineEdit::textChanged, this, edited(MetadataField));
    connect(m_expiryDate, &QDateTimeEdit::dateTimeChanged, this, edited(ExpiryField));
    connect(m_expiry, &QComboBox::currentIndexChanged, this, &KeyDialog::updateExpiry);
    connect(m_hasBudget, &QCheckBox::toggled, m_budget, &QWidget::setEnabled);
    connect(m_hasBudget, &QCheckBox::toggled, m_budgetPeriod, &QWidget::setEnabled);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (validate())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_budget->setEnabled(m_hasBudget->isChecked());
    m_budgetPeriod->setEnabled(m_hasBudget->isChecked());
    updateExpiry();
    showProblems();
    setMinimumWidth(560);
}

void KeyDialog::addRow(const QString& label, QWidget* field, ErrorLabel* error)
{
    const int row = m_form->rowCount();
    auto* l = new QLabel(label);
    l->setBuddy(field);
    l->setMinimumHeight(field->sizeHint().height());
    m_form->addWidget(l, row, 0, Qt::AlignLeft | Qt::AlignTop);
    auto* column = new QVBoxLayout;
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(spacing::tight);
    column->addWidget(field);
    if (error)
        column->addWidget(error);
    m_form->addLayout(column, row, 1);
}

void KeyDialog::readExisting(const KeyRecord& key)
{
    m_name->setText(key.name);
    m_tenant->setCurrentText(key.tenant);
    m_models->setText(key.models.join(QStringLiteral(", ")));
    const Limits& l = key.limits;
    m_rpm->setValue(int(qMin<qint64>(l.rpm, m_rpm->maximum())));
    m_tpm->setValue(int(qMin<qint64>(l.tpm, m_tpm->maximum())));
    m_maxConcurrent->setValue(l.maxConcurrent);
    m_quota->setValue(double(l.tokenQuota));
    m_quotaPeriod->setCurrentIndex(m_quotaPeriod->findData(int(l.quotaPeriod)));
    m_hasBudget->setChecked(l.budgetNanos >= 0);
    if (l.budgetNanos >= 0)
        m_budget->setValue(gateway::config::nanosToUsd(l.budgetNanos));
    m_budgetPeriod->setCurrentIndex(m_budgetPeriod->findData(int(l.budgetPeriod)));
    m_alertAt->setValue(l.alertAtPercent);
    if (key.expiresMs != 0) {
        m_expiry->setCurrentIndex(m_expiry->findData(int(Expiry::OnDate)));
        m_expiryDate->setDateTime(QDateTime::fromMSecsSinceEpoch(key.expiresMs));
    }
    QStringList tags;
    for (const auto& [name, value] : key.metadata)
        tags << name + QLatin1Char('=') + value;
    m_metadata->setText(tags.join(QStringLiteral(", ")));
    m_edited.fill(false); // what was read is not an edit
}

void KeyDialog::updateExpiry()
{
    const auto expiry = Expiry(m_expiry->currentData().toInt());
    m_expiryDays->setVisible(expiry == Expiry::InDays);
    m_expiryDate->setVisible(expiry == Expiry::OnDate);
    m_edited[ExpiryField] = true;
    showProblems();
}

void KeyDialog::addAlias(const QString& alias)
{
    QStringList current = models();
    if (!current.contains(alias))
        current << alias;
    m_models->setText(current.join(QStringLiteral(", ")));
    m_models->setFocus();
}

QStringList KeyDialog::models() const
{
    return items(m_models->text());
}

bool KeyDialog::readMetadata(QList<QPair<QString, QString>>* pairs) const
{
    for (const QString& item : items(m_metadata->text())) {
        const qsizetype eq = item.indexOf(QLatin1Char('='));
        const QString name = item.left(eq).trimmed();
        if (eq <= 0 || name.isEmpty())
            return false;
        pairs->append({name, item.mid(eq + 1).trimmed()});
    }
    return true;
}

qint64 KeyDialog::expiresMs() const
{
    switch (Expiry(m_expiry->currentData().toInt())) {
    case Expiry::Never: return 0;
    case Expiry::InDays: return m_clock() + qint64(m_expiryDays->value()) * dayMs;
    case Expiry::OnDate: return m_expiryDate->dateTime().toMSecsSinceEpoch();
    }
    return 0;
}

QString KeyDialog::problem(Field field) const
{
    switch (field) {
    case NameField: {
        const QString name = m_name->text();
        if (m_editing)
            return QString();
        if (name.isEmpty())
            return tr("Give the key a name.");
        if (!ConfigLoader::isValidKeyName(name))
            return tr("Use 1 to 64 letters, digits, '.', '_' and '-' (no spaces).");
        if (m_choices.takenNames.contains(name))
            return tr("A key named %1 exists already.").arg(name);
        return QString();
    }
    case TenantField:
        if (!ConfigLoader::isValidKeyName(m_tenant->currentText().trimmed()))
            return tr("A tenant's name is 1 to 64 letters, digits, '.', '_' and '-'.");
        return QString();
    case ModelsField:
        for (const QString& glob : models())
            if (glob.contains(QLatin1Char(' ')))
                return tr("\"%1\" is not a model alias: separate aliases with commas.").arg(glob);
        return QString();
    case ExpiryField:
        if (Expiry(m_expiry->currentData().toInt()) == Expiry::OnDate && expiresMs() <= m_clock())
            return tr("That time has passed: the key would be expired at once.");
        return QString();
    case MetadataField: {
        QList<QPair<QString, QString>> pairs;
        if (!readMetadata(&pairs))
            return tr("Write tags as name=value, separated by commas.");
        return QString();
    }
    case FieldCount: break;
    }
    return QString();
}

void KeyDialog::showProblems()
{
    for (int f = 0; f < FieldCount; ++f)
        m_fieldErrors[f]->setMessage(m_edited[f] ? problem(Field(f)) : QString());
    m_error->setMessage(QString());
}

bool KeyDialog::validate()
{
    m_edited.fill(true);
    showProblems();
    QWidget* const focus[FieldCount] = {m_name, m_tenant, m_models, m_expiryDate, m_metadata};
    for (int f = 0; f < FieldCount; ++f) {
        if (!problem(Field(f)).isEmpty()) {
            focus[f]->setFocus();
            return false;
        }
    }
    return true;
}

void KeyDialog::showError(const QString& message)
{
    m_error->setMessage(message);
}

KeySpec KeyDialog::spec() const
{
    KeySpec spec;
    spec.name = m_name->text();
    spec.tenant = m_tenant->currentText().trimmed();
    spec.models = models();
    Limits limits;
    limits.rpm = m_rpm->value();
    limits.tpm = m_tpm->value();
    limits.maxConcurrent = m_maxConcurrent->value();
    limits.tokenQuota = qint64(std::llround(m_quota->value()));
    limits.quotaPeriod = periodOf(m_quotaPeriod);
    limits.budgetNanos =
        m_hasBudget->isChecked() ? gateway::config::usdToNanos(m_budget->value()) : -1;
    limits.budgetPeriod = periodOf(m_budgetPeriod);
    limits.alertAtPercent = m_alertAt->value();
    spec.limits = limits;
    spec.expiresMs = expiresMs();
    QList<QPair<QString, QString>> metadata;
    readMetadata(&metadata);
    spec.metadata = metadata;
    return spec;
}

} // namespace ui
