#include "dialogs/PriceDialog.h"

#include "pages/Page.h"
#include "widgets/ErrorLabel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

namespace {
// The config loader's bound for a price (ConfigLoader, readPricing).
constexpr double maxPricePer1M = 1e6;
} // namespace

PriceDialog::PriceDialog(const QString& alias, const QString& upstreamModel,
                         const std::optional<gateway::config::Pricing>& current, Apply apply,
                         QWidget* parent)
    : QDialog(parent), m_error(new ErrorLabel),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)),
      m_apply(std::move(apply))
{
    setObjectName(QStringLiteral("priceDialog"));
    setWindowTitle(tr("Prices of %1").arg(alias));
    auto* intro = new QLabel(
        upstreamModel.isEmpty() || upstreamModel == alias
            ? tr("US dollars per million tokens, for requests to the alias “%1”.").arg(alias)
            : tr("US dollars per million tokens, for requests to the alias “%1” (upstream model "
                 "%2).")
                  .arg(alias, upstreamModel));
    intro->setWordWrap(true);

    static const char* const labels[] = {QT_TR_NOOP("&Input:"), QT_TR_NOOP("&Output:"),
                                         QT_TR_NOOP("&Cached input:"), QT_TR_NOOP("Cache &write:"),
                                         QT_TR_NOOP("&Reasoning:")};
    static const char* const names[] = {"inputPer1M", "outputPer1M", "cachedInputPer1M",
                                        "cacheWritePer1M", "reasoningPer1M"};
    const gateway::config::Pricing shown = current.value_or(gateway::config::Pricing{});
    const double values[] = {shown.inputPer1M, shown.outputPer1M, shown.cachedInputPer1M,
                             shown.cacheWritePer1M, shown.reasoningPer1M};
    auto* form = new QFormLayout;
    form->setSpacing(spacing::normal);
    for (size_t i = 0; i < m_fields.size(); ++i) {
        auto* edit = new QLineEdit(current ? priceText(values[i]) : QString());
        edit->setObjectName(QString::fromLatin1(names[i]));
        auto* label = new QLabel(tr(labels[i]));
        label->setBuddy(edit);
        edit->setAccessibleName(label->text().remove(QLatin1Char('&')).remove(QLatin1Char(':')));
        m_fields[i] = edit;
        form->addRow(label, edit);
    }
    m_fields[0]->setPlaceholderText(QStringLiteral("0"));
    m_fields[1]->setPlaceholderText(QStringLiteral("0"));
    m_fields[2]->setPlaceholderText(tr("as input"));
    m_fields[3]->setPlaceholderText(tr("as input"));
    m_fields[4]->setPlaceholderText(tr("as output"));
    auto* hint = new QLabel(tr("Empty cache and reasoning prices take the input or output price."));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    m_error->setObjectName(QStringLiteral("priceError"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PriceDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(spacing::normal);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 72);
}

QString PriceDialog::priceText(double usdPer1M)
{
    if (usdPer1M < 0)
        return QString();
    QString text = QLocale().toString(usdPer1M, 'f', 6);
    const QChar point = QLocale().decimalPoint().at(0);
    const qsizetype dot = text.indexOf(point);
    if (dot < 0)
        return text;
    qsizetype cut = text.size();
    while (cut > dot + 3 && text.at(cut - 1) == QLatin1Char('0'))
        --cut;
    text.truncate(cut);
    return text;
}

std::optional<gateway::config::Pricing> PriceDialog::pricing()
{
    double values[5] = {};
    for (size_t i = 0; i < m_fields.size(); ++i) {
        const QString text = m_fields[i]->text().trimmed();
        const bool optional = i >= 2; // cache and reasoning: empty takes another price
        if (text.isEmpty()) {
            values[i] = optional ? -1 : 0;
            continue;
        }
        bool ok = false;
        // The user's own decimal separator, or a point (prices are often pasted from a
        // provider's page in English).
        double value = QLocale().toDouble(text, &ok);
        if (!ok)
            value = QLocale::c().toDouble(text, &ok);
        if (!ok || value < 0 || value > maxPricePer1M) {
            m_error->setMessage(
                tr("“%1” is not a price: enter US dollars per million tokens, from 0 to %2.")
                    .arg(text, QLocale().toString(maxPricePer1M, 'f', 0)));
            m_fields[i]->setFocus();
            m_fields[i]->selectAll();
            return std::nullopt;
        }
        values[i] = value;
    }
    gateway::config::Pricing p;
    p.inputPer1M = values[0];
    p.outputPer1M = values[1];
    p.cachedInputPer1M = values[2];
    p.cacheWritePer1M = values[3];
    p.reasoningPer1M = values[4];
    return p;
}

void PriceDialog::accept()
{
    const std::optional<gateway::config::Pricing> p = pricing();
    if (!p)
        return;
    const QString error = m_apply ? m_apply(*p) : QString();
    if (!error.isEmpty()) {
        m_error->setMessage(error);
        return;
    }
    m_error->setMessage(QString());
    QDialog::accept();
}

} // namespace ui
