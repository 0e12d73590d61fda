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
    return nullptr;
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

} // namespace

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
