#include "config/Config.h"

namespace gateway::config {

const MockModel* Backend::mockModel(const QString& model) const
{
    for (const MockModel& m : mockModels)
        if (m.name == model)
            return &m;
    return nullptr;
}

const Backend* Config::backend(const QString& name) const
{
    for (const Backend& b : backends)
        if (b.name == name)
            return &b;
    return nullptr;
}

const ModelAlias* Config::model(const QString& alias) const
{
    for (const ModelAlias& m : models)
        if (m.alias == alias)
            return &m;
    // Patterns after every exact alias, in the config's order.
    for (const ModelAlias& m : models)
        if (m.isPattern() && globMatches(m.alias, alias))
            return &m;
    return nullptr;
}

const TenantDecl* Config::tenant(const QString& name) const
{
    for (const TenantDecl& t : tenants)
        if (t.name == name)
            return &t;
    return nullptr;
}

bool ModelAlias::isPattern() const
{
    return alias.contains(QLatin1Char('*'));
}

bool globMatches(QStringView pattern, QStringView name)
{
    // Iterative '*' matching with one backtrack point: linear in practice, never exponential.
    qsizetype p = 0, n = 0, star = -1, resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            star = p++;
            resume = n;
        } else if (p < pattern.size() && pattern[p] == name[n]) {
            ++p;
            ++n;
        } else if (star >= 0) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

namespace {

struct TypeName
{
    BackendType type;
    const char* name;
};

constexpr TypeName typeNames[] = {
    {BackendType::Mock, "mock"},
    {BackendType::OpenAiCompatible, "openai-compatible"},
    {BackendType::Anthropic, "anthropic"},
    {BackendType::Gemini, "gemini"},
    {BackendType::AzureOpenAi, "azure-openai"},
    {BackendType::Bedrock, "bedrock"},
    {BackendType::Ollama, "ollama"},
};

struct FormatName
{
    MockFormat format;
    const char* name;
};

constexpr FormatName formatNames[] = {
    {MockFormat::OpenAi, "openai"}, {MockFormat::Anthropic, "anthropic"},
    {MockFormat::Gemini, "gemini"}, {MockFormat::Bedrock, "bedrock"},
    {MockFormat::Ollama, "ollama"},
};

} // namespace

QString mockFormatName(MockFormat format)
{
    for (const FormatName& f : formatNames)
        if (f.format == format)
            return QLatin1String(f.name);
    return QString();
}

bool mockFormatFromName(const QString& name, MockFormat* format)
{
    for (const FormatName& f : formatNames)
        if (name == QLatin1String(f.name)) {
            *format = f.format;
            return true;
        }
    return false;
}

QString backendTypeName(BackendType type)
{
    for (const TypeName& t : typeNames)
        if (t.type == type)
            return QLatin1String(t.name);
    return QString();
}

bool backendTypeFromName(const QString& name, BackendType* type)
{
    for (const TypeName& t : typeNames)
        if (name == QLatin1String(t.name)) {
            *type = t.type;
            return true;
        }
    return false;
}

QString defaultBaseUrl(BackendType type, const QString& region)
{
    switch (type) {
    case BackendType::OpenAiCompatible: return QStringLiteral("https://api.openai.com/v1");
    case BackendType::Anthropic: return QStringLiteral("https://api.anthropic.com");
    case BackendType::Gemini:
        return QStringLiteral("https://generativelanguage.googleapis.com/v1beta");
    case BackendType::Bedrock:
        return QStringLiteral("https://bedrock-runtime.%1.amazonaws.com")
            .arg(region.isEmpty() ? QStringLiteral("us-east-1") : region);
    case BackendType::Ollama: return QStringLiteral("http://127.0.0.1:11434");
    case BackendType::Mock:
    case BackendType::AzureOpenAi: break;
    }
    return QString();
}

QString Backend::deploymentFor(const QString& model) const
{
    for (const auto& [name, deployment] : deployments)
        if (name == model)
            return deployment;
    return model;
}

} // namespace gateway::config
