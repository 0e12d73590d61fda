#include "StallMonitor.h"

#include <QFile>
#include <QTimerEvent>

namespace ui {

namespace {
constexpr int tickMs = 5;
}

StallMonitor::StallMonitor(const QString& reportPath, QObject* parent)
    : QObject(parent), m_reportPath(reportPath)
{
    m_clock.start();
    startTimer(tickMs, Qt::PreciseTimer);
}

StallMonitor::~StallMonitor()
{
    QFile report(m_reportPath);
    if (report.open(QIODevice::WriteOnly | QIODevice::Truncate))
        report.write("longest_stall_ms=" + QByteArray::number(m_longestMs) +
                     "\nticks=" + QByteArray::number(m_ticks) + "\n");
}

void StallMonitor::timerEvent(QTimerEvent*)
{
    const qint64 now = m_clock.elapsed();
    if (m_lastMs > 0)
        m_longestMs = qMax(m_longestMs, now - m_lastMs - tickMs);
    m_lastMs = now;
    ++m_ticks;
}

} // namespace ui
