#pragma once

#include "config/Governance.h"

#include <QDialog>

#include <array>
#include <functional>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace ui {

class ErrorLabel;

// Edits the prices of one model alias (models[].pricing), in US dollars per million tokens.
// The cache and reasoning prices may stay empty: they then take the input or output price
// (config::Pricing). OK checks the numbers, then hands them to `apply`, which applies the
// config and returns its error worded for people, or empty; the dialog closes only when it
// worked, else it shows the error and stays open.
class PriceDialog : public QDialog
{
    Q_OBJECT
public:
    using Apply = std::function<QString(const gateway::config::Pricing&)>;

    // current: the price that applies now (pre-filled), or none.
    PriceDialog(const QString& alias, const QString& upstreamModel,
                const std::optional<gateway::config::Pricing>& current, Apply apply,
                QWidget* parent = nullptr);

    // What the fields say, or none with the reason shown (a field that is not a number, or out
    // of range).
    std::optional<gateway::config::Pricing> pricing();
    // The fields in the order input, output, cached input, cache write, reasoning.
    QLineEdit* field(int index) const { return m_fields.at(size_t(index)); }

    // A price as the fields show it, in the user's locale: up to six decimals, no trailing
    // zeros beyond the cents; empty for an unset (negative) one.
    static QString priceText(double usdPer1M);

private:
    void accept() override;

    std::array<QLineEdit*, 5> m_fields{};
    ErrorLabel* m_error;
    QDialogButtonBox* m_buttons;
    Apply m_apply;
};

} // namespace ui
