#include "KeysCommand.h"

#include "CommonOptions.h"
#include "config/ConfigLoader.h"
#include "config/LimitsJson.h"
#include "governance/Expiry.h"
#include "governance/KeyJson.h"
#include "governance/SqliteKeyStore.h"
#include "governance/StoredKeyDirectory.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace app {

namespace {

using gateway::Result;
using gateway::config::Limits;
using gateway::governance::IssuedKey;
using gateway::governance::KeyRecord;

constexpr int usageError = 2;
constexpr int failure = 1;

// A usage error: said, with the way to --help, and exit code 2.
int usage(const QString& message)
{
    fprintf(stderr, "switchboard keys: %s\nTry 'switchboard keys --help'.\n", qPrintable(message));
    return usageError;
}

int fail(const QString& message)
{
    fprintf(stderr, "switchboard keys: %s\n", qPrintable(message));
    return failure;
}

void printJson(const QJsonValue& value)
{
    const QByteArray text = value.isArray()
                                ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)
                                : QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
    fputs(text.constData(), stdout);
}

// "30d", "12h", "90m", "2w" from now, or an ISO 8601 time (UTC when it names no offset).
QString limitsText(const Limits& l)
{
    QStringList parts;
    if (l.rpm > 0)
        parts << QStringLiteral("rpm %1").arg(l.rpm);
    if (l.tpm > 0)
        parts << QStringLiteral("tpm %1").arg(l.tpm);
    if (l.maxConcurrent > 0)
        parts << QStringLiteral("concurrent %1").arg(l.maxConcurrent);
    if (l.tokenQuota > 0)
        parts << QStringLiteral("quota %1 tokens/%2")
                     .arg(l.tokenQuota)
                     .arg(gateway::config::periodName(l.quotaPeriod));
    if (l.budgetNanos >= 0)
        parts << QStringLiteral("budget $%1/%2")
                     .arg(gateway::config::nanosToUsd(l.budgetNanos), 0, 'f', 2)
                     .arg(gateway::config::periodName(l.budgetPeriod));
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}

void printIssued(const IssuedKey& issued, bool json, const char* what, qint64 nowMs)
{
    if (json) {
        QJsonObject o = gateway::governance::keyToJson(issued.record, nowMs);
        o.insert(QStringLiteral("key"), QString::fromLatin1(issued.secret));
        printJson(o);
        return;
    }
    const KeyRecord& k = issued.record;
    printf("%s the key \"%s\" (%s) of tenant \"%s\":\n\n  %s\n\n", what, qPrintable(k.name),
           qPrintable(k.id), qPrintable(k.tenant), issued.secret.constData());
    printf("This is the only time the key is shown: store it now. Clients send it as\n"
           "\"Authorization: Bearer <key>\" (or in an api-key or x-api-key header).\n"
           "Its SHA-256, for a config's keys[]: %s\n",
           issued.record.sha256.toHex().constData());
}

void printTable(const std::vector<KeyRecord>& keys, qint64 nowMs)
{
    printf("%-24s %-16s %-8s %-8s %-12s %-20s %-20s %s\n", "name", "tenant", "source", "status",
           "prefix", "models", "expires", "limits");
    for (const KeyRecord& k : keys) {
        const QString models =
            k.models.isEmpty() ? QStringLiteral("*") : k.models.join(QLatin1Char(','));
        const QString expires =
            k.expiresMs ? gateway::governance::isoTime(k.expiresMs) : QStringLiteral("never");
        printf("%-24s %-16s %-8s %-8s %-12s %-20s %-20s %s\n", qPrintable(k.name),
               qPrintable(k.tenant), k.source == KeyRecord::Source::Config ? "config" : "stored",
               qPrintable(gateway::governance::keyStatus(k, nowMs)),
               k.prefix.isEmpty() ? "-" : qPrintable(k.prefix), qPrintable(models),
               qPrintable(expires), qPrintable(limitsText(k.limits)));
    }
}

} // namespace

int runKeys(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Manage the gateway keys kept in the data dir. A gateway running on the same data dir\n"
        "applies a change within a second. Secrets are shown once, at create and rotate; only\n"
        "their SHA-256 and first 10 characters are stored.\n"
        "  switchboard keys create --name NAME [limits ...] [--json]\n"
        "  switchboard keys list [--json]\n"
        "  switchboard keys revoke NAME\n"
        "  switchboard keys rotate NAME [--json]"));
    parser.addHelpOption();
    CommonOptions common;
    parser.addOption(common.config);
    parser.addOption(common.dataDir);
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("create: the key's name (1 to 64 letters, "
                                                 "digits, '.', '_' or '-'; unique)."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption tenant(
        QStringLiteral("tenant"),
        QStringLiteral("create: the tenant the key belongs to (default: \"default\")."),
        QStringLiteral("T"));
    const QCommandLineOption models(
        QStringLiteral("models"),
        QStringLiteral("create: the model aliases the key may use, as globs separated by "
                       "commas (\"gpt-*,claude-*\"). Default: every alias."),
        QStringLiteral("GLOB,..."));
    const QCommandLineOption rpm(
        QStringLiteral("rpm"), QStringLiteral("create: requests per minute."), QStringLiteral("N"));
    const QCommandLineOption tpm(QStringLiteral("tpm"),
                                 QStringLiteral("create: tokens per minute (prompt + "
                                                "completion)."),
                                 QStringLiteral("N"));
    const QCommandLineOption maxConcurrent(QStringLiteral("max-concurrent"),
                                           QStringLiteral("create: requests in flight."),
                                           QStringLiteral("N"));
    const QCommandLineOption budget(QStringLiteral("budget"),
                                    QStringLiteral("create: US dollars per budget period."),
                                    QStringLiteral("USD"));
    const QCommandLineOption budgetPeriod(
        QStringLiteral("budget-period"),
        QStringLiteral("create: day, week, month (default) or total."), QStringLiteral("PERIOD"));
    const QCommandLineOption quotaTokens(QStringLiteral("quota-tokens"),
                                         QStringLiteral("create: tokens per quota period."),
                                         QStringLiteral("N"));
    const QCommandLineOption quotaPeriod(
        QStringLiteral("quota-period"),
        QStringLiteral("create: day, week, month (default) or total."), QStringLiteral("PERIOD"));
    const QCommandLineOption expires(
        QStringLiteral("expires"),
        QStringLiteral("create: when the key stops working: 90m, 12h, 30d, 2w from now, or an "
                       "ISO 8601 time (UTC unless it names an offset)."),
        QStringLiteral("WHEN"));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Print JSON: create and rotate print the key's id, name, key (the "
                       "secret), sha256 and prefix; list prints every key, never a secret."));
    const QList<QCommandLineOption> createOnly{name,        tenant,        models, rpm,
                                               tpm,         maxConcurrent, budget, budgetPeriod,
                                               quotaTokens, quotaPeriod,   expires};
    parser.addOptions(createOnly);
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("create|list|revoke|rotate"),
                                 QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("NAME"),
                                 QStringLiteral("revoke, rotate: the key's name."));

    if (const std::optional<int> stop = parseCommandLine(parser, arguments, "keys"))
        return *stop;
    const QStringList positional = parser.positionalArguments(); // "keys", the action, ...
    const QString action = positional.value(1);
    static const QStringList actions{QStringLiteral("create"), QStringLiteral("list"),
                                     QStringLiteral("revoke"), QStringLiteral("rotate")};
    if (!actions.contains(action))
        return usage(action.isEmpty()
                         ? QStringLiteral("say create, list, revoke or rotate")
                         : QStringLiteral("unknown action \"%1\": say create, list, revoke or "
                                          "rotate")
                               .arg(action));
    const bool byName = action == QLatin1String("revoke") || action == QLatin1String("rotate");
    if (byName && positional.size() != 3)
        return usage(
            QStringLiteral("%1 takes the key's name: switchboard keys %1 NAME").arg(action));
    if (!byName && positional.size() != 2)
        return usage(QStringLiteral("unexpected argument \"%1\"").arg(positional.value(2)));
    if (action != QLatin1String("create")) {
        for (const QCommandLineOption& option : createOnly)
            if (parser.isSet(option))
                return usage(
                    QStringLiteral("--%1 applies to create only").arg(option.names().constLast()));
    }
    if (action == QLatin1String("revoke") && parser.isSet(json))
        return usage(QStringLiteral("--json applies to create, list and rotate"));

    // The data dir: --data-dir, else the config's, else the user's. The config's own keys[]
    // are listed beside the stored ones, and their names are not given to a new key.
    QList<gateway::config::KeyDecl> declared;
    QString configDataDir;
    if (parser.isSet(common.config)) {
        Result<gateway::config::Config> c =
            // Only the data dir and the keys are needed: secrets are checked for form only.
            gateway::config::ConfigLoader(gateway::config::checkSecretReference)
                .loadFile(parser.value(common.config));
        if (!c)
            return fail(QStringLiteral("invalid config:\n") + c.error());
        configDataDir = c->dataDir;
        declared = c->keys;
    }
    const QString dataDir = resolveDataDir(parser, common.dataDir, configDataDir);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();

    gateway::governance::KeySpec spec;
    if (action == QLatin1String("create")) {
        if (!parser.isSet(name))
            return usage(QStringLiteral("create needs --name NAME"));
        spec.name = parser.value(name);
        if (parser.isSet(tenant))
            spec.tenant = parser.value(tenant);
        for (const QString& n : {spec.name, spec.tenant.value_or(QStringLiteral("default"))})
            if (!gateway::config::ConfigLoader::isValidKeyName(n))
                return usage(QStringLiteral("\"%1\" is not a valid name: use 1 to 64 letters, "
                                            "digits, '.', '_' or '-'")
                                 .arg(n));
        if (parser.isSet(models)) {
            QStringList globs;
            for (const QString& glob : parser.value(models).split(QLatin1Char(',')))
                if (!glob.trimmed().isEmpty())
                    globs << glob.trimmed();
            if (globs.isEmpty())
                return usage(QStringLiteral("--models takes alias patterns separated by commas"));
            spec.models = globs;
        }
        // The limits as the config writes them, checked by the same reader as the admin API's.
        QJsonObject limits;
        for (const auto& [option, key] :
             {std::pair{&rpm, "rpm"}, {&tpm, "tpm"}, {&maxConcurrent, "maxConcurrent"}}) {
            if (!parser.isSet(*option))
                continue;
            bool ok = false;
            const qint64 n = parser.value(*option).toLongLong(&ok);
            if (!ok || n <= 0)
                return usage(QStringLiteral("--%1 takes a whole number above 0 (got \"%2\")")
                                 .arg(option->names().constLast(), parser.value(*option)));
            limits.insert(QLatin1String(key), double(n));
        }
        const auto periodOf = [&](const QCommandLineOption& option,
                                  QJsonObject& into) -> std::optional<int> {
            if (!parser.isSet(option))
                return std::nullopt;
            gateway::config::Period period;
            if (!gateway::config::periodFromName(parser.value(option), &period))
                return usage(QStringLiteral("--%1 takes day, week, month or total (got \"%2\")")
                                 .arg(option.names().constLast(), parser.value(option)));
            into.insert(QStringLiteral("period"), parser.value(option));
            return std::nullopt;
        };
        if (parser.isSet(budget)) {
            bool ok = false;
            const double usd = parser.value(budget).toDouble(&ok);
            if (!ok || !(usd >= 0))
                return usage(QStringLiteral("--budget takes US dollars, such as 25 or 0.50 "
                                            "(got \"%1\")")
                                 .arg(parser.value(budget)));
            QJsonObject b{{QStringLiteral("usd"), usd}};
            if (const std::optional<int> stop = periodOf(budgetPeriod, b))
                return *stop;
            limits.insert(QStringLiteral("budget"), b);
        } else if (parser.isSet(budgetPeriod)) {
            return usage(QStringLiteral("--budget-period needs --budget"));
        }
        if (parser.isSet(quotaTokens)) {
            bool ok = false;
            const qint64 tokens = parser.value(quotaTokens).toLongLong(&ok);
            if (!ok || tokens <= 0)
                return usage(QStringLiteral("--quota-tokens takes a whole number above 0 (got "
                                            "\"%1\")")
                                 .arg(parser.value(quotaTokens)));
            QJsonObject q{{QStringLiteral("tokens"), double(tokens)}};
            if (const std::optional<int> stop = periodOf(quotaPeriod, q))
                return *stop;
            limits.insert(QStringLiteral("quota"), q);
        } else if (parser.isSet(quotaPeriod)) {
            return usage(QStringLiteral("--quota-period needs --quota-tokens"));
        }
        Result<Limits> parsed = gateway::config::limitsFromJson(limits);
        if (!parsed)
            return usage(parsed.error());
        spec.limits = parsed.value();
        if (parser.isSet(expires)) {
            const Result<qint64> at =
                gateway::governance::parseExpiry(parser.value(expires), nowMs);
            if (!at)
                return usage(QStringLiteral("--expires: ") + at.error());
            spec.expiresMs = at.value();
        }
        for (const gateway::config::KeyDecl& d : declared)
            if (d.name == spec.name)
                return fail(QStringLiteral("the config declares a key named \"%1\": a name "
                                           "belongs to one key, so choose another one")
                                .arg(spec.name));
    }

    Result<std::unique_ptr<gateway::governance::SqliteKeyStore>> opened =
        gateway::governance::SqliteKeyStore::open(dataDir);
    if (!opened)
        return fail(opened.error());
    gateway::governance::SqliteKeyStore& store = *opened.value();
    const bool asJson = parser.isSet(json);

    if (action == QLatin1String("create")) {
        Result<IssuedKey> issued = store.create(spec, nowMs);
        if (!issued)
            return fail(issued.error());
        printIssued(issued.value(), asJson, "Created", nowMs);
        return 0;
    }
    if (action == QLatin1String("rotate")) {
        Result<IssuedKey> issued = store.rotate(positional.at(2));
        if (!issued)
            return fail(issued.error());
        printIssued(issued.value(), asJson, "Rotated", nowMs);
        if (!asJson)
            printf("The old secret stops working within a second.\n");
        return 0;
    }
    if (action == QLatin1String("revoke")) {
        Result<KeyRecord> revoked = store.revoke(positional.at(2), nowMs);
        if (!revoked)
            return fail(revoked.error());
        printf("Revoked the key \"%s\" (%s): a running gateway refuses it within a second.\n",
               qPrintable(revoked->name), qPrintable(revoked->id));
        return 0;
    }
    Result<std::vector<KeyRecord>> stored = store.list();
    if (!stored)
        return fail(stored.error());
    std::vector<KeyRecord> keys = std::move(stored).value();
    for (const gateway::config::KeyDecl& d : declared)
        keys.push_back(gateway::governance::StoredKeyDirectory::recordOf(d));
    if (asJson) {
        QJsonArray all;
        for (const KeyRecord& k : keys)
            all.append(gateway::governance::keyToJson(k, nowMs));
        printJson(all);
    } else {
        printTable(keys, nowMs);
    }
    return 0;
}

} // namespace app
