#include "config/Secrets.h"

#include "config/Keychain.h"

#include <QRegularExpression>

namespace gateway::config {

namespace {

const QLatin1String envPrefix("env:");
const QLatin1String keychainPrefix("keychain:");

Result<QByteArray> notAReference()
{
    return Result<QByteArray>::failure(
        QStringLiteral("must be a secret reference, env:NAME or keychain:NAME, not a plain-text "
                       "secret"));
}

Result<QByteArray> checkEnvironmentName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!valid.match(name).hasMatch())
        return Result<QByteArray>::failure(
            QStringLiteral("\"%1\" is not a valid environment variable name").arg(name.left(140)));
    return QByteArray();
}

Result<QByteArray> readEnvironment(const QString& name)
{
    if (Result<QByteArray> checked = checkEnvironmentName(name); !checked)
        return checked;
    if (!qEnvironmentVariableIsSet(name.toLocal8Bit().constData()))
        return Result<QByteArray>::failure(
            QStringLiteral("environment variable %1 is not set").arg(name));
    return qgetenv(name.toLocal8Bit().constData());
}

} // namespace

Result<QByteArray> resolveSecretFromEnvironment(const QString& reference)
{
    if (!reference.startsWith(envPrefix))
        return notAReference();
    return readEnvironment(reference.mid(envPrefix.size()));
}

Result<QByteArray> resolveSecret(const QString& reference)
{
    if (reference.startsWith(envPrefix))
        return readEnvironment(reference.mid(envPrefix.size()));
    if (reference.startsWith(keychainPrefix))
        return Keychain::read(reference.mid(keychainPrefix.size()));
    return notAReference();
}

Result<QByteArray> checkSecretReference(const QString& reference)
{
    if (reference.startsWith(envPrefix))
        return checkEnvironmentName(reference.mid(envPrefix.size()));
    if (reference.startsWith(keychainPrefix)) {
        const QString name = reference.mid(keychainPrefix.size());
        if (!Keychain::isValidName(name))
            return Result<QByteArray>::failure(
                QStringLiteral("\"%1\" is not a valid keychain entry name").arg(name.left(140)));
        return QByteArray();
    }
    return notAReference();
}

} // namespace gateway::config
