#include "SingleInstance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace ui {

namespace {

const QByteArray activateRequest = "activate";
// A request is one short line; a peer that sends more without a newline is cut off.
constexpr qint64 maxRequestBytes = 64;

QString userId()
{
#ifdef Q_OS_UNIX
    return QString::number(::getuid());
#else
    return qEnvironmentVariable("USERNAME");
#endif
}

} // namespace

SingleInstance::SingleInstance(const QString& dataDir, QObject* parent)
    : QObject(parent), m_name(serverName(dataDir))
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverName(const QString& dataDir)
{
    // The canonical path where the directory exists, so that two spellings of one directory
    // (a symbolic link, a trailing slash) are one console.
    const QFileInfo dir(dataDir);
    const QString path =
        dir.exists() ? dir.canonicalFilePath() : QDir::cleanPath(dir.absoluteFilePath());
    const QByteArray key = userId().toUtf8() + '\n' + path.toUtf8();
    const QString name =
        QStringLiteral("switchboard-") +
        QString::fromLatin1(
            QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
    // The user's private runtime directory where there is one; otherwise Qt's default (the
    // temporary directory), where the user's id in the hash keeps users apart.
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    return runtime.isEmpty() ? name : runtime + QLatin1Char('/') + name;
}

SingleInstance::Role SingleInstance::claim(int timeoutMs)
{
    if (askRunning(timeoutMs))
        return Role::Secondary;
    if (listen())
        return Role::Primary;
    if (m_server->serverError() == QAbstractSocket::AddressInUseError) {
        // The name is taken, yet no one answered a moment ago: a console that started in
        // between, or a socket file left by one that crashed. Asked once more, then taken over.
        if (askRunning(timeoutMs))
            return Role::Secondary;
        QLocalServer::removeServer(m_name);
        if (listen())
            return Role::Primary;
    }
    m_error = m_server->errorString();
    return Role::Failed;
}

bool SingleInstance::askRunning(int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return false; // no socket, or a stale one that refuses: no console runs
    const QDeadlineTimer deadline(timeoutMs);
    socket.write(activateRequest + '\n');
    QByteArray reply;
    while (!reply.contains('\n') && socket.state() == QLocalSocket::ConnectedState &&
           !deadline.hasExpired()) {
        socket.waitForReadyRead(int(deadline.remainingTime()));
        reply += socket.readAll();
    }
    reply += socket.readAll(); // what arrived with the disconnect
    m_answered = reply.contains('\n');
    m_runningAddress = QString::fromUtf8(reply.left(reply.indexOf('\n'))).trimmed();
    return true;
}

bool SingleInstance::listen()
{
    if (!m_server) {
        m_server = new QLocalServer(this);
        // The runtime directory is the user's alone (0700). Elsewhere (the temporary directory)
        // the socket is made the user's only; Qt then binds it under another name and renames it
        // into place, which also replaces a stale file.
        if (!QDir::isAbsolutePath(m_name))
            m_server->setSocketOptions(QLocalServer::UserAccessOption);
        connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::answer);
    }
    return m_server->listen(m_name);
}

void SingleInstance::setAddressProvider(std::function<QString()> provider)
{
    m_addressProvider = std::move(provider);
}

void SingleInstance::answer()
{
    while (QLocalSocket* peer = m_server->nextPendingConnection()) {
        connect(peer, &QLocalSocket::disconnected, peer, &QObject::deleteLater);
        connect(peer, &QLocalSocket::readyRead, this, [this, peer] {
            if (!peer->canReadLine()) {
                if (peer->bytesAvailable() > maxRequestBytes)
                    peer->abort();
                return;
            }
            const QByteArray request = peer->readLine(maxRequestBytes).trimmed();
            const QString address = m_addressProvider ? m_addressProvider() : QString();
            peer->write(address.toUtf8() + '\n');
            peer->disconnectFromServer(); // after the answer is written
            if (request == activateRequest)
                emit activationRequested();
        });
    }
}

} // namespace ui
