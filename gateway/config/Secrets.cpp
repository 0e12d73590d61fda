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

QString envReference(const QString& variable)
{
    return envPrefix + variable;
}

QString envVariableOf(const QString& reference)
{
    return reference.startsWith(envPrefix) ? reference.mid(envPrefix.size()) : QString();
}

QString keychainReference(const QString& entry)
{
    return keychainPrefix + entry;
}

QString keychainEntryOf(const QString& reference)
{
    return reference.startsWith(keychainPrefix) ? reference.mid(keychainPrefix.size()) : QString();
}

Result<QByteArray> resolveSecretFromEnvironment(const QString& reference)
{
    if (!reference.startsWith(envPrefix))
        return notAReference();
    return readEnvironment(envVariableOf(reference));
}

Result<QByteArray> resolveSecret(const QString& reference)
{
    if (reference.startsWith(envPrefix))
        return readEnvironment(envVariableOf(reference));
    if (reference.startsWith(keychainPrefix))
        return Keychain::read(keychainEntryOf(reference));
    return notAReference();
}

Result<QByteArray> checkSecretReference(const QString& reference)
{
    if (reference.startsWith(envPrefix))
        return checkEnvironmentName(envVariableOf(reference));
    if (reference.startsWith(keychainPrefix)) {
        const QString name = keychainEntryOf(reference);
        if (!Keychain::isValidName(name))
            return Result<QByteArray>::failure(
                QStringLiteral("\"%1\" is not a valid keychain entry name").arg(name.left(140)));
        return QByteArray();
    }
    return notAReference();
}

} // namespace gateway::config
