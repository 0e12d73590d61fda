#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QLocalServer;

namespace ui {

// One console per user and data directory. The first start listens on a local socket named
// after both; a later start finds it there, asks it to bring its window forward and learns the
// running gateway's address, so that it can say so and exit instead of failing on the taken
// port. Two data directories run side by side.
//
// The conversation: the later start sends "activate\n"; the running console emits
// activationRequested() and answers with its gateway's address ("127.0.0.1:4000") and "\n",
// or with just "\n" while its gateway is stopped.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    enum class Role {
        Primary,   // the first console: it now listens for later starts
        Secondary, // another console runs and was asked to come forward
        Failed,    // neither: the socket could not be created (error() says why)
    };

    explicit SingleInstance(const QString& dataDir, QObject* parent = nullptr);
    ~SingleInstance() override;

    // Finds the running console or becomes it. A socket file left by a console that crashed
    // answers no one: it is removed and taken over. Waits at most timeoutMs for an answer.
    Role claim(int timeoutMs = 3000);
    // Secondary: the address the running console reported (empty while its gateway is stopped).
    QString runningAddress() const { return m_runningAddress; }
    // Secondary: false when the running console accepted the connection but did not answer
    // in time (busy): it is there, but runningAddress() is unknown.
    bool answered() const { return m_answered; }
    QString error() const { return m_error; }

    // Primary: what later starts are told, asked when one connects.
    void setAddressProvider(std::function<QString()> provider);

    // The local socket's name: from the user and the data directory's absolute path.
    static QString serverName(const QString& dataDir);

signals:
    // A later start asked for this console's window.
    void activationRequested();

private:
    bool askRunning(int timeoutMs);
    bool listen();
    void answer();

    QString m_name;
    QLocalServer* m_server = nullptr;
    std::function<QString()> m_addressProvider;
    QString m_runningAddress;
    bool m_answered = false;
    QString m_error;
};

} // namespace ui
