#include "KeychainCommand.h"

#include "CommonOptions.h"
#include "config/Keychain.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace app {

namespace {

using gateway::config::Keychain;

// One line from standard input, without echo when it is a terminal. Bounded: no API key is
// anywhere near this long.
QByteArray readSecret(const QString& name)
{
    constexpr qint64 maxSecretBytes = 64 * 1024;
    const bool terminal = isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        fprintf(stderr, "Key for keychain:%s (not shown): ", qPrintable(name));
        fflush(stderr);
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QFile in;
    QByteArray secret;
    // readLine(n) reads at most n - 1 bytes: room for the key, its newline and one byte more,
    // which tells a key that is too long from one that fits (never cut one silently).
    if (in.open(stdin, QIODevice::ReadOnly))
        secret = in.readLine(maxSecretBytes + 3);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        fputc('\n', stderr);
    }
    if (secret.endsWith('\n'))
        secret.chop(1);
    if (secret.size() > maxSecretBytes)
        return QByteArray();
    return secret.trimmed();
}

} // namespace

int runKeychain(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Manage API keys in the system keychain (service \"switchboard\"), which configs name "
        "as keychain:NAME.\n"
        "  switchboard keychain set NAME      store the key read from standard input\n"
        "  switchboard keychain has NAME      exit 0 if the entry exists (never prints it)\n"
        "  switchboard keychain delete NAME   remove the entry"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("keychain"),
                                 QStringLiteral("set, has or delete, and the entry's NAME"),
                                 QStringLiteral("keychain set|has|delete NAME"));
    if (const std::optional<int> stop = parseCommandLine(parser, arguments, "keychain"))
        return *stop;
    const QStringList positional = parser.positionalArguments(); // "keychain", action, name
    const QString action = positional.value(1);
    const QString name = positional.value(2);
    if (positional.size() != 3 ||
        (action != QLatin1String("set") && action != QLatin1String("has") &&
         action != QLatin1String("delete"))) {
        fprintf(stderr, "switchboard keychain: expected set|has|delete NAME\n"
                        "Try 'switchboard keychain --help'.\n");
        return 2;
    }
    if (!Keychain::isValidName(name)) {
        fprintf(stderr,
                "switchboard keychain: \"%s\" is not a valid entry name (1-128 letters, "
                "digits, '.', '_' or '-')\n",
                qPrintable(name.left(140)));
        return 2;
    }

    if (action == QLatin1String("has")) {
        const auto found = Keychain::find(name);
        if (!found) {
            fprintf(stderr, "switchboard keychain: %s\n", qPrintable(found.error()));
            return 1;
        }
        printf("keychain:%s %s\n", qPrintable(name), found.value() ? "is stored" : "is not stored");
        return found.value() ? 0 : 3;
    }
    if (action == QLatin1String("delete")) {
        const auto removed = Keychain::remove(name);
        if (!removed) {
            fprintf(stderr, "switchboard keychain: %s\n", qPrintable(removed.error()));
            return 1;
        }
        printf("keychain:%s removed\n", qPrintable(name));
        return 0;
    }
    const QByteArray secret = readSecret(name);
    if (secret.isEmpty()) {
        fprintf(stderr, "switchboard keychain: no key on standard input (one line, at most "
                        "64 KiB)\n");
        return 1;
    }
    const auto stored = Keychain::write(name, secret);
    if (!stored) {
        fprintf(stderr, "switchboard keychain: %s\n", qPrintable(stored.error()));
        return 1;
    }
    printf("keychain:%s stored; refer to it as \"apiKey\": \"keychain:%s\"\n", qPrintable(name),
           qPrintable(name));
    return 0;
}

} // namespace app
