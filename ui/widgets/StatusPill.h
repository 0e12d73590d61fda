#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QToolButton;

namespace ui {

class ElidedLabel;
class GatewayHost;

// The gateway's state in one line: "● Running · http://127.0.0.1:4000/v1 [Copy] [Stop]".
// Green while it serves, grey when stopped, red when degraded (the request log cannot be
// written) or when it failed to start. Stop asks first while requests are in flight.
class StatusPill : public QFrame
{
    Q_OBJECT
public:
    enum class State { Running, Stopped, Degraded, Failed };
    Q_ENUM(State)

    explicit StatusPill(GatewayHost* host, QWidget* parent = nullptr);

    State state() const { return m_state; }
    QString text() const;
    // How many requests the gateway is serving now; tests give their own count.
    void setInFlightCounter(std::function<int()> counter) { m_inFlight = std::move(counter); }
    // Asks before stopping while requests are in flight; the answer comes from here (tests).
    void setConfirmStop(std::function<bool(int inFlight)> confirm)
    {
        m_confirm = std::move(confirm);
    }

    QToolButton* copyButton() const { return m_copy; }
    QToolButton* startStopButton() const { return m_startStop; }

    // Reads the gateway's state again (the window calls it on its signals).
    void refreshState();

protected:
    void changeEvent(QEvent* event) override;

private:
    void startOrStop();
    bool askToStop(int inFlight);

    GatewayHost* m_host;
    QLabel* m_dot;
    ElidedLabel* m_text;
    QToolButton* m_copy;
    QToolButton* m_startStop;
    State m_state = State::Stopped;
    std::function<int()> m_inFlight;
    std::function<bool(int)> m_confirm;
};

} // namespace ui
