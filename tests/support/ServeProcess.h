#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>

#include <csignal>

// `switchboard serve ARGUMENTS` in its own process (program: SWITCHBOARD_BINARY unless given);
// port is the one it says it listens on (0 if it did not start within 20 s). Stopped with
// SIGTERM, as a service manager would.
class ServeProcess
{
public:
    explicit ServeProcess(const QStringList& arguments,
                          const QString& program = QStringLiteral(SWITCHBOARD_BINARY))
    {
        process.start(program, QStringList{"serve"} + arguments);
        static const QRegularExpression listening(
            QStringLiteral("listening on https?://127.0.0.1:(\\d+)/v1"));
        QDeadlineTimer deadline(20'000);
        while (!deadline.hasExpired() && port == 0) {
            process.waitForReadyRead(200);
            out += process.readAllStandardOutput();
            const auto m = listening.match(QString::fromUtf8(out));
            if (m.hasMatch())
                port = quint16(m.captured(1).toUInt());
        }
    }
    ~ServeProcess()
    {
        process.terminate(); // SIGTERM: drains and exits 0
        if (!process.waitForFinished(10'000))
            process.kill();
    }
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    // Sends SIGHUP and returns what the process said about the reload (empty after 10 s).
    QByteArray reload()
    {
        const qsizetype seen = out.size() + err.size();
        ::kill(pid_t(process.processId()), SIGHUP);
        QDeadlineTimer deadline(10'000);
        while (!deadline.hasExpired()) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
            err += process.readAllStandardError();
            const QByteArray said = (out + err).mid(seen);
            if (said.contains("reloaded") || said.contains("reload failed"))
                return said;
        }
        return QByteArray();
    }

    QProcess process;
    QByteArray out;
    QByteArray err;
    quint16 port = 0;
};
