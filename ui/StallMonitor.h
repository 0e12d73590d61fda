#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

namespace ui {

// Measures how long the GUI thread was kept from its event loop: a 5 ms timer notes how late
// each of its ticks came. Used by bench/console.sh (SWITCHBOARD_STALL_LOG=FILE): the longest
// stall is written to FILE when the console quits.
class StallMonitor : public QObject
{
    Q_OBJECT
public:
    StallMonitor(const QString& reportPath, QObject* parent = nullptr);
    ~StallMonitor() override;

    qint64 longestStallMs() const { return m_longestMs; }

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    QString m_reportPath;
    QElapsedTimer m_clock;
    qint64 m_lastMs = 0;
    qint64 m_longestMs = 0;
    qint64 m_ticks = 0;
};

} // namespace ui
