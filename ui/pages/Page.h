#pragma once

#include <QWidget>

class QAction;

namespace ui {

// The console's spacing scale, in pixels. The window gives every page the same outer margin
// (page); inside a page, layouts use these steps only, so that content lines up from page to
// page.
namespace spacing {
constexpr int tight = 4;    // between a label and its field, icon and text
constexpr int normal = 8;   // between controls in a row or a form
constexpr int section = 16; // between groups on a page
constexpr int page = 16;    // the margin around every page's content
} // namespace spacing

// A page of the console. MainWindow shows its title (from the navigation), purpose() and
// mainAction() in a header above it, routes F5 to refresh(), and shows transientMessage()s in
// its status bar for a few seconds. A page's own layout has no outer margin: the window's
// margin is the same for every page.
class Page : public QWidget
{
    Q_OBJECT
public:
    explicit Page(QWidget* parent = nullptr) : QWidget(parent) {}

    // One translated line under the page's title that says what the page is for.
    virtual QString purpose() const = 0;
    // The page's main action, shown on the right of its header ("Add backend", "Export…"),
    // or null. The page owns it and keeps its text translated and its enabled state current.
    virtual QAction* mainAction() const { return nullptr; }
    // F5: read again what the page shows from the gateway and its log.
    virtual void refresh() {}
    // Asked before the window shows another page: a page with unapplied edits asks the user
    // (apply, discard or stay) and returns false to stay.
    virtual bool confirmLeave() { return true; }

signals:
    // purpose() changed, e.g. after a language change.
    void headerChanged();
    // A message that goes away by itself ("Exported to …"). Never a reason to widen the window.
    void transientMessage(const QString& text);
};

} // namespace ui
