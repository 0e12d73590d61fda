<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Gateway not started</source>
        <translation>网关未启动</translation>
    </message>
</context>
<context>
    <name>ui::AboutDialog</name>
    <message>
        <source>Quick start</source>
        <translation>快速入门</translation>
    </message>
    <message>
        <source>The console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>The request log</source>
        <translation>请求日志</translation>
    </message>
    <message>
        <source>About Switchboard</source>
        <translation>关于 Switchboard</translation>
    </message>
    <message>
        <source>An AI gateway for your machine, and its console.</source>
        <translation>运行在您本机上的 AI 网关及其控制台。</translation>
    </message>
    <message>
        <source>Licence: MIT</source>
        <translation>许可证：MIT</translation>
    </message>
    <message>
        <source>Built with Qt %1</source>
        <translation>基于 Qt %1 构建</translation>
    </message>
    <message>
        <source>Read me: %1</source>
        <translation>自述文件：%1</translation>
    </message>
</context>
<context>
    <name>ui::AttemptText</name>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>no error</source>
        <translation>无错误</translation>
    </message>
    <message>
        <source>connection refused or failed</source>
        <translation>连接被拒绝或失败</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>connection reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
    </message>
    <message>
        <source>backend rejected its key</source>
        <translation>后端拒绝了其密钥</translation>
    </message>
    <message>
        <source>rate limited (HTTP 429)</source>
        <translation>请求过于频繁（HTTP 429）</translation>
    </message>
    <message>
        <source>HTTP error</source>
        <translation>HTTP 错误</translation>
    </message>
    <message>
        <source>not a valid HTTP answer</source>
        <translation>不是有效的 HTTP 响应</translation>
    </message>
    <message>
        <source>answer too large</source>
        <translation>响应过大</translation>
    </message>
    <message>
        <source>client went away</source>
        <translation>客户端已断开</translation>
    </message>
    <message>
        <source>HTTP %1 (%2)</source>
        <translation>HTTP %1 (%2)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 ✓ (%2)</source>
        <comment>target, check mark, duration</comment>
        <translation>%1 ✓ (%2)</translation>
    </message>
    <message>
        <source>%1 ✗ %2 (%3)</source>
        <comment>target, cross, cause, duration</comment>
        <translation>%1 ✗ %2 (%3)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>target: cause</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>No target answered: %1</source>
        <translation>没有目标作出回答：%1</translation>
    </message>
    <message>
        <source>Answered by %1</source>
        <translation>由 %1 回答</translation>
    </message>
    <message>
        <source>Answered by %1 after %2</source>
        <translation>由 %1 回答，此前：%2</translation>
    </message>
</context>
<context>
    <name>ui::BackendDialog</name>
    <message>
        <source>Base URL:</source>
        <translation>基础 URL：</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Add backend</source>
        <translation>添加后端</translation>
    </message>
    <message>
        <source>Edit backend</source>
        <translation>编辑后端</translation>
    </message>
    <message>
        <source>Choose a server…</source>
        <translation>选择服务器…</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Connection test failed: %1</source>
        <translation>连接测试失败：%1</translation>
    </message>
    <message>
        <source>Test connection (%1 models, %2 ms)</source>
        <translation>测试连接（%1 个模型，%2 ms）</translation>
    </message>
    <message>
        <source>Give the backend a name.</source>
        <translation>请为后端命名。</translation>
    </message>
    <message>
        <source>Another backend is already named "%1".</source>
        <translation>已有名为“%1”的后端。</translation>
    </message>
    <message>
        <source>The environment variable %1 is not set for this console: set it and restart Switchboard.</source>
        <translation>此控制台未设置环境变量 %1：请设置后重启 Switchboard。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>Stored in the system keychain</source>
        <translation>存储在系统钥匙串中</translation>
    </message>
    <message>
        <source>Read from an environment variable</source>
        <translation>从环境变量读取</translation>
    </message>
    <message>
        <source>None (the server needs no key)</source>
        <translation>无（服务器不需要密钥）</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <source>Paste the API key</source>
        <translation>粘贴 API 密钥</translation>
    </message>
    <message>
        <source>Stored in the keychain; type a new key to replace it</source>
        <translation>已存储在钥匙串中；输入新密钥即可替换</translation>
    </message>
    <message>
        <source>The key goes to the system keychain (entry "%1" of service "switchboard"); the config holds only a reference to it. It is never shown again.</source>
        <translation>密钥保存在系统钥匙串中（服务 "switchboard" 的条目 "%1"）；配置中只保存对它的引用。它不会再次显示。</translation>
    </message>
    <message>
        <source>Variable:</source>
        <translation>变量：</translation>
    </message>
    <message>
        <source>The key itself is never stored in the config: the gateway reads it from this environment variable when it starts.</source>
        <translation>密钥本身从不写入配置：网关启动时从该环境变量读取它。</translation>
    </message>
    <message>
        <source>No Authorization header is sent (Ollama, LM Studio, vLLM and llama.cpp need none by default).</source>
        <translation>不发送 Authorization 标头（Ollama、LM Studio、vLLM 和 llama.cpp 默认不需要）。</translation>
    </message>
    <message>
        <source>Name the environment variable that holds the key.</source>
        <translation>请填写保存密钥的环境变量名。</translation>
    </message>
    <message>
        <source>The variable field takes the NAME of an environment variable (letters, digits, _), not the key itself.</source>
        <translation>“变量”字段填写的是环境变量的名称（字母、数字、_），而不是密钥本身。</translation>
    </message>
    <message>
        <source>Paste the API key, or choose another key source.</source>
        <translation>请粘贴 API 密钥，或选择其他密钥来源。</translation>
    </message>
    <message>
        <source>Give the backend a name with at least one letter or digit.</source>
        <translation>请为后端起一个至少包含一个字母或数字的名称。</translation>
    </message>
    <message>
        <source>Another backend keeps its key in the keychain entry "%1": give this backend another name.</source>
        <translation>另一个后端的密钥保存在钥匙串条目 "%1" 中：请为此后端换一个名称。</translation>
    </message>
    <message>
        <source>Models the server lists:</source>
        <translation>服务器列出的模型：</translation>
    </message>
    <message>
        <source>Letters, digits, '.', '_' and '-'. Aliases name their targets as backend/model.</source>
        <translation>字母、数字、'.'、'_' 和 '-'。别名以 backend/model 的形式指定目标。</translation>
    </message>
    <message>
        <source>Use only letters, digits, '.', '_' and '-' (targets are written backend/model: no '/', no spaces).</source>
        <translation>只能使用字母、数字、'.'、'_' 和 '-'（目标写作 backend/model：不能含 '/' 或空格）。</translation>
    </message>
    <message>
        <source>OpenAI-compatible</source>
        <translation>兼容 OpenAI</translation>
    </message>
    <message>
        <source>Built-in mock</source>
        <translation>内置模拟后端</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>区域：</translation>
    </message>
    <message>
        <source>API version:</source>
        <translation>API 版本：</translation>
    </message>
    <message>
        <source>Sign-in:</source>
        <translation>身份验证：</translation>
    </message>
    <message>
        <source>Deployments:</source>
        <translation>部署：</translation>
    </message>
    <message>
        <source>Drop fields:</source>
        <translation>删除字段：</translation>
    </message>
    <message>
        <source>API key (api-key header)</source>
        <translation>API 密钥（api-key 标头）</translation>
    </message>
    <message>
        <source>Microsoft Entra ID token</source>
        <translation>Microsoft Entra ID 令牌</translation>
    </message>
    <message>
        <source>Empty: the v1 API</source>
        <translation>留空：使用 v1 API</translation>
    </message>
    <message>
        <source>With a version such as 2024-10-21, calls go to /openai/deployments/…?api-version=; without one, to the v1 API (/openai/v1/…).</source>
        <translation>填写版本（如 2024-10-21）时，调用发往 /openai/deployments/…?api-version=；不填时发往 v1 API（/openai/v1/…）。</translation>
    </message>
    <message>
        <source>The deployment that serves each model clients ask for, as model=deployment, separated by commas. A model not listed is taken as a deployment's name.</source>
        <translation>客户端请求的每个模型由哪个部署提供，写作 模型=部署，以逗号分隔。未列出的模型名将直接用作部署名。</translation>
    </message>
    <message>
        <source>The anthropic-version header sent with every call.</source>
        <translation>每次调用都会发送的 anthropic-version 标头。</translation>
    </message>
    <message>
        <source>e.g. logit_bias, seed</source>
        <translation>例如 logit_bias, seed</translation>
    </message>
    <message>
        <source>Request fields removed before sending, for servers that refuse fields they do not know. Separate them with commas.</source>
        <translation>发送前从请求中删除的字段，用于会拒绝未知字段的服务器。以逗号分隔。</translation>
    </message>
    <message>
        <source>Test connection (the first %1 models, %2 ms)</source>
        <translation>测试连接（前 %1 个模型，%2 ms）</translation>
    </message>
    <message>
        <source>AWS keys:</source>
        <translation>AWS 密钥：</translation>
    </message>
    <message>
        <source>Access key ID:</source>
        <translation>访问密钥 ID：</translation>
    </message>
    <message>
        <source>Secret access key:</source>
        <translation>秘密访问密钥：</translation>
    </message>
    <message>
        <source>Session token:</source>
        <translation>会话令牌：</translation>
    </message>
    <message>
        <source>Optional: for temporary credentials</source>
        <translation>可选：用于临时凭证</translation>
    </message>
    <message>
        <source>Optional, e.g. AWS_SESSION_TOKEN</source>
        <translation>可选，例如 AWS_SESSION_TOKEN</translation>
    </message>
    <message>
        <source>Leave it empty for the provider's public endpoint, %1.</source>
        <translation>留空则使用服务商的公共端点 %1。</translation>
    </message>
    <message>
        <source>Bedrock cannot list models: the first request through the gateway shows whether the region and keys work.</source>
        <translation>Bedrock 无法列出模型：通过网关发出的第一个请求会显示区域和密钥是否可用。</translation>
    </message>
    <message>
        <source>Models the resource can deploy:</source>
        <translation>该资源可部署的模型：</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>The keys go to the system keychain (entries %1 of service "switchboard"); the config holds only references to them. They are never shown again.</source>
        <translation>密钥保存在系统钥匙串中（服务 "switchboard" 的条目 %1）；配置中只保存对它们的引用。它们不会再次显示。</translation>
    </message>
    <message>
        <source>The keys themselves are never stored in the config: the gateway reads them from these environment variables when it starts.</source>
        <translation>密钥本身从不写入配置：网关启动时从这些环境变量读取它们。</translation>
    </message>
    <message>
        <source>No key is sent: for a server or a proxy that needs none.</source>
        <translation>不发送密钥：适用于不需要密钥的服务器或代理。</translation>
    </message>
    <message>
        <source>The base URL must be an http:// or https:// URL with a host and no query, e.g. %1.</source>
        <translation>基础 URL 必须是带主机名、不带查询参数的 http:// 或 https:// URL，例如 %1。</translation>
    </message>
    <message>
        <source>Write an AWS region such as us-east-1 or eu-central-1.</source>
        <translation>请填写 AWS 区域，例如 us-east-1 或 eu-central-1。</translation>
    </message>
    <message>
        <source>Write each as model=deployment, separated by commas.</source>
        <translation>每一项写作 模型=部署，以逗号分隔。</translation>
    </message>
    <message>
        <source>"model" and "messages" cannot be dropped.</source>
        <translation>不能删除 "model" 和 "messages"。</translation>
    </message>
    <message>
        <source>Paste the key, or choose another key source.</source>
        <translation>请粘贴密钥，或选择其他密钥来源。</translation>
    </message>
</context>
<context>
    <name>ui::BackendProbe</name>
    <message>
        <source>HTTP %1%2</source>
        <translation>HTTP %1%2</translation>
    </message>
    <message>
        <source> (check the API key)</source>
        <translation>（请检查 API 密钥）</translation>
    </message>
    <message>
        <source>the server answered but listed no models</source>
        <translation>服务器有响应，但未列出任何模型</translation>
    </message>
    <message>
        <source>The request for the model list could not be built.</source>
        <translation>无法构建获取模型列表的请求。</translation>
    </message>
    <message>
        <source>Amazon Bedrock's runtime endpoint cannot list models, so there is nothing to test here. The first request through the gateway shows whether the region and keys work.</source>
        <translation>Amazon Bedrock 的运行时端点无法列出模型，因此这里无可测试。通过网关发出的第一个请求会显示区域和密钥是否可用。</translation>
    </message>
    <message>
        <source>the model list is larger than %1 MiB and was not read</source>
        <translation>模型列表超过 %1 MiB，未读取</translation>
    </message>
    <message>
        <source>the answer is not JSON (%1): is the base URL right?</source>
        <translation>响应不是 JSON（%1）：基础 URL 是否正确？</translation>
    </message>
    <message>
        <source>the answer holds no model list (no "%1" array): is the base URL right?</source>
        <translation>响应中没有模型列表（缺少 "%1" 数组）：基础 URL 是否正确？</translation>
    </message>
</context>
<context>
    <name>ui::BackendsPage</name>
    <message>
        <source>checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>reachable (%1 ms, %2 models)</source>
        <translation>可访问（%1 ms，%2 个模型）</translation>
    </message>
    <message>
        <source>answering with errors: %1</source>
        <translation>响应出错：%1</translation>
    </message>
    <message>
        <source>unreachable: %1</source>
        <translation>无法访问：%1</translation>
    </message>
    <message>
        <source>in-process</source>
        <translation>进程内</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Remove backend</source>
        <translation>删除后端</translation>
    </message>
    <message>
        <source>Remove the backend "%1"?</source>
        <translation>删除后端“%1”？</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>未删除：%1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状态</translation>
    </message>
    <message>
        <source>Requests (5 min)</source>
        <translation>请求数（5 分钟）</translation>
    </message>
    <message>
        <source>Avg latency (5 min)</source>
        <translation>平均延迟（5 分钟）</translation>
    </message>
    <message>
        <source>Last error (5 min)</source>
        <translation>最近错误（5 分钟）</translation>
    </message>
    <message>
        <source>Add backend…</source>
        <translation>添加后端…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Test connections</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>The key could not be stored in the keychain: %1. Choose "Read from an environment variable" instead.</source>
        <translation>无法将密钥存入钥匙串：%1。请改选 "从环境变量读取"。</translation>
    </message>
    <message>
        <source>The key of the removed backend is still in the keychain (%1): %2</source>
        <translation>已删除后端的密钥仍在钥匙串中（%1）：%2</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <comment>error, time</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>The upstream servers the gateway calls, and whether they answer.</source>
        <translation>网关调用的上游服务器，以及它们是否响应。</translation>
    </message>
    <message>
        <source>Not probed yet.</source>
        <translation>尚未检测。</translation>
    </message>
    <message>
        <source>The built-in mock answers in the gateway's own process.</source>
        <translation>内置模拟后端在网关自身的进程中应答。</translation>
    </message>
    <message>
        <source>It answered the request for its model list.</source>
        <translation>它已响应模型列表请求。</translation>
    </message>
    <message>
        <source>A call to it failed in the last five minutes: %1.</source>
        <translation>最近五分钟内有一次调用失败：%1。</translation>
    </message>
    <message>
        <source>Select a backend first.</source>
        <translation>请先选择一个后端。</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <comment>alias → backend/model</comment>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>……以及另外 %1 个</translation>
    </message>
    <message>
        <source>The backend "%1" is a target of these aliases:</source>
        <translation>后端“%1”是以下别名的目标：</translation>
    </message>
    <message>
        <source>Removing the backend removes these targets too.</source>
        <translation>删除该后端也会删除这些目标。</translation>
    </message>
    <message>
        <source>Left with no target, these aliases are removed as well: %1.</source>
        <translation>以下别名将不再有任何目标，因此也会被删除：%1。</translation>
    </message>
    <message>
        <source>Remove backend and targets</source>
        <translation>删除后端及其目标</translation>
    </message>
    <message>
        <source>Remove backend, targets and aliases</source>
        <translation>删除后端、目标及别名</translation>
    </message>
    <message>
        <source>Connect a server that runs models</source>
        <translation>连接一台运行模型的服务器</translation>
    </message>
    <message>
        <source>Connect a model server</source>
        <translation>连接模型服务器</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <source>A backend is a server that runs models: OpenAI, Anthropic, Google Gemini, Azure OpenAI, Amazon Bedrock, Mistral, Groq, Ollama, LM Studio, vLLM, llama.cpp or any other OpenAI-compatible API. Add one, then give its models the names clients ask for on the Models page.</source>
        <translation>后端是运行模型的服务器：OpenAI、Anthropic、Google Gemini、Azure OpenAI、Amazon Bedrock、Mistral、Groq、Ollama、LM Studio、vLLM、llama.cpp 或任何其他兼容 OpenAI 的 API。先添加一个后端，然后在“模型”页面为它的模型起客户端请求时使用的名称。</translation>
    </message>
</context>
<context>
    <name>ui::ChartCard</name>
    <message>
        <source>–</source>
        <comment>no value</comment>
        <translation>–</translation>
    </message>
</context>
<context>
    <name>ui::ConfigErrorText</name>
    <message>
        <source>A backend without a name</source>
        <translation>一个未命名的后端</translation>
    </message>
    <message>
        <source>Backend "%1"</source>
        <translation>后端“%1”</translation>
    </message>
    <message>
        <source>An alias without a name</source>
        <translation>一个未命名的别名</translation>
    </message>
    <message>
        <source>Alias "%1"</source>
        <translation>别名“%1”</translation>
    </message>
    <message>
        <source>%1, target %2</source>
        <comment>alias, target number</comment>
        <translation>%1，第 %2 个目标</translation>
    </message>
    <message>
        <source>%1, target %2 (%3)</source>
        <comment>alias, target number, backend/model</comment>
        <translation>%1，第 %2 个目标（%3）</translation>
    </message>
    <message>
        <source>no backend is named "%1"</source>
        <translation>没有名为“%1”的后端</translation>
    </message>
    <message>
        <source>another backend has this name too</source>
        <translation>另一个后端也使用了这个名称</translation>
    </message>
    <message>
        <source>another alias has this name too</source>
        <translation>另一个别名也使用了这个名称</translation>
    </message>
    <message>
        <source>has no target: add one, or remove the alias</source>
        <translation>没有目标：请添加一个，或删除该别名</translation>
    </message>
    <message>
        <source>the upstream model is empty</source>
        <translation>上游模型为空</translation>
    </message>
    <message>
        <source>no backend is chosen</source>
        <translation>未选择后端</translation>
    </message>
    <message>
        <source>the alias needs a name</source>
        <translation>别名需要一个名称</translation>
    </message>
    <message>
        <source>the backend needs a name</source>
        <translation>后端需要一个名称</translation>
    </message>
    <message>
        <source>a name may hold only letters, digits, '.', '_' and '-'</source>
        <translation>名称只能包含字母、数字、'.'、'_' 和 '-'</translation>
    </message>
    <message>
        <source>the base URL is not an http:// or https:// URL with a host</source>
        <translation>基础 URL 不是带主机名的 http:// 或 https:// 地址</translation>
    </message>
    <message>
        <source>its API key cannot be read: %1</source>
        <translation>无法读取其 API 密钥：%1</translation>
    </message>
    <message>
        <source>setting "%1": %2</source>
        <translation>设置“%1”：%2</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <comment>who, what is wrong</comment>
        <translation>%1：%2。</translation>
    </message>
</context>
<context>
    <name>ui::DashboardPage</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>–</source>
        <comment>no value</comment>
        <translation>–</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Live: sampled every second, each point the average of the last %1 seconds.</source>
        <translation>实时：每秒采样一次，每个点为最近 %1 秒的平均值。</translation>
    </message>
    <message>
        <source>The gateway is stopped: live charts are paused.</source>
        <translation>网关已停止：实时图表已暂停。</translation>
    </message>
    <message>
        <source>one point per minute</source>
        <translation>每分钟一个点</translation>
    </message>
    <message>
        <source>one point per hour</source>
        <translation>每小时一个点</translation>
    </message>
    <message>
        <source>one point per %1 hours</source>
        <translation>每 %1 小时一个点</translation>
    </message>
    <message>
        <source>one point per %1 minutes</source>
        <translation>每 %1 分钟一个点</translation>
    </message>
    <message>
        <source>From the request log: %1, refreshed every 10 seconds.</source>
        <translation>数据来自请求日志：%1，每 10 秒刷新一次。</translation>
    </message>
    <message>
        <source>The gateway is stopped. History from the request log: %1.</source>
        <translation>网关已停止。历史数据来自请求日志：%1。</translation>
    </message>
    <message>
        <source>the last 5 minutes</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <source>the last 15 minutes</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <source>the last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>the last 6 hours</source>
        <translation>最近 6 小时</translation>
    </message>
    <message>
        <source>the last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>the last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>The gateway is stopped</source>
        <translation>网关已停止</translation>
    </message>
    <message>
        <source>No requests in %1</source>
        <translation>%1内没有请求</translation>
    </message>
    <message>
        <source>Live charts need a running gateway. Start it with the “Start gateway” button in the status bar, or pick a longer time range to see the history in the request log.</source>
        <translation>实时图表需要网关处于运行状态。请点击状态栏中的“启动网关”按钮启动网关，或选择更长的时间范围，查看请求日志中的历史数据。</translation>
    </message>
    <message>
        <source>The gateway is stopped. Start it with the “Start gateway” button in the status bar, then send it a request.</source>
        <translation>网关已停止。请点击状态栏中的“启动网关”按钮启动网关，然后向它发送请求。</translation>
    </message>
    <message>
        <source>No requests yet</source>
        <translation>暂无请求</translation>
    </message>
    <message>
        <source>The charts fill in as soon as the gateway at %1 answers a request. Send one from a terminal, or point any OpenAI client at this base URL:</source>
        <translation>位于 %1 的网关响应请求后，图表就会显示数据。可以从终端发送一个请求，或将任意 OpenAI 客户端指向此基础 URL：</translation>
    </message>
    <message>
        <source>The request log could not be read: %1</source>
        <translation>无法读取请求日志：%1</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 小时</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>Latency p50 / p95</source>
        <translation>延迟 p50 / p95</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <source>Requests per second by status</source>
        <translation>每秒请求数（按状态）</translation>
    </message>
    <message>
        <source>Latency and time to first token (ms)</source>
        <translation>延迟与首 Token 时间（ms）</translation>
    </message>
    <message>
        <source>Tokens per minute by model</source>
        <translation>每分钟 Token 数（按模型）</translation>
    </message>
    <message>
        <source>Error rate (% of requests with status ≥ 400)</source>
        <translation>错误率（状态码 ≥ 400 的请求所占百分比）</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>TTFT p50</source>
        <translation>TTFT p50</translation>
    </message>
    <message>
        <source>TTFT p95</source>
        <translation>TTFT p95</translation>
    </message>
    <message>
        <source>Requests, tokens, latency and errors of the gateway over time.</source>
        <translation>网关随时间变化的请求、令牌、延迟和错误。</translation>
    </message>
    <message>
        <source>First token p50 / p95</source>
        <translation>首 Token p50 / p95</translation>
    </message>
    <message>
        <source>Upstream errors / fallbacks</source>
        <translation>上游错误 / 回退</translation>
    </message>
    <message>
        <source>Upstream attempts that failed / requests that a fallback target served after a failed attempt</source>
        <translation>失败的上游尝试 / 在尝试失败后由回退目标响应的请求</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <source>last 5 min</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <source>last 15 min</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <source>last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>last 6 h</source>
        <translation>最近 6 小时</translation>
    </message>
    <message>
        <source>last 24 h</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1/min</source>
        <translation>%1/分钟</translation>
    </message>
</context>
<context>
    <name>ui::EmptyState</name>
    <message>
        <source>Copy command</source>
        <translation>复制命令</translation>
    </message>
</context>
<context>
    <name>ui::GatewayHost</name>
    <message>
        <source>--listen: "%1" is not HOST:PORT with an IP address</source>
        <translation>--listen：“%1”不是带 IP 地址的 HOST:PORT</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>config file %1 does not exist</source>
        <translation>配置文件 %1 不存在</translation>
    </message>
    <message>
        <source>%1: invalid JSON: %2</source>
        <translation>%1：无效的 JSON：%2</translation>
    </message>
    <message>
        <source>the config was applied but could not be saved to %1: %2</source>
        <translation>配置已应用，但无法保存到 %1：%2</translation>
    </message>
</context>
<context>
    <name>ui::KeyDialog</name>
    <message>
        <source>in total (never resets)</source>
        <translation>总计（从不重置）</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <source>Edit key %1</source>
        <translation>编辑密钥 %1</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>1 to 64 letters, digits, '.', '_' and '-'. Logs and the command line name the key by it.</source>
        <translation>1 到 64 个字母、数字、“.”、“_”和“-”。日志和命令行用这个名称指代该密钥。</translation>
    </message>
    <message>
        <source>e.g. ci-pipeline</source>
        <translation>例如 ci-pipeline</translation>
    </message>
    <message>
        <source>Limits, budgets and spend are kept per tenant as well as per key.</source>
        <translation>限制、预算和花费既按租户记录，也按密钥记录。</translation>
    </message>
    <message>
        <source>Every model</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <source>The model aliases the key may use, separated by commas; * matches any text (claude-*). Empty: every model.</source>
        <translation>该密钥可以使用的模型别名，用逗号分隔；* 匹配任意文本（claude-*）。留空：所有模型。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add one of the config's model aliases</source>
        <translation>添加配置中的一个模型别名</translation>
    </message>
    <message>
        <source> requests/min</source>
        <translation> 个请求/分钟</translation>
    </message>
    <message>
        <source> tokens/min</source>
        <translation> 个令牌/分钟</translation>
    </message>
    <message>
        <source> at once</source>
        <translation> 个并发</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个令牌</translation>
    </message>
    <message>
        <source>Token quota period</source>
        <translation>令牌配额周期</translation>
    </message>
    <message>
        <source>Budget period</source>
        <translation>预算周期</translation>
    </message>
    <message>
        <source>Limit to</source>
        <translation>限制为</translation>
    </message>
    <message>
        <source>A key with no budget is never refused for spend.</source>
        <translation>没有预算的密钥永远不会因花费而被拒绝。</translation>
    </message>
    <message>
        <source> USD</source>
        <translation> 美元</translation>
    </message>
    <message>
        <source>Budget in US dollars</source>
        <translation>预算（美元）</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>The console, the log and the alert webhook say so when the quota or the budget is used this far.</source>
        <translation>当配额或预算用到这个程度时，控制台、日志和告警 Webhook 会发出提醒。</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>In a number of days</source>
        <translation>若干天后</translation>
    </message>
    <message>
        <source>On a date</source>
        <translation>在指定日期</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Expires in days</source>
        <translation>多少天后过期</translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>e.g. team=ml, owner=ana</source>
        <translation>例如 team=ml, owner=ana</translation>
    </message>
    <message>
        <source>Tags as name=value, separated by commas.</source>
        <translation>标签，格式为 名称=值，用逗号分隔。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>租户(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Requests:</source>
        <translation>请求(&amp;R)：</translation>
    </message>
    <message>
        <source>T&amp;okens:</source>
        <translation>令牌(&amp;O)：</translation>
    </message>
    <message>
        <source>In &amp;flight:</source>
        <translation>进行中(&amp;F)：</translation>
    </message>
    <message>
        <source>Token &amp;quota:</source>
        <translation>令牌配额(&amp;Q)：</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>预算(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Alert at:</source>
        <translation>告警阈值(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Expires:</source>
        <translation>过期(&amp;E)：</translation>
    </message>
    <message>
        <source>Meta&amp;data:</source>
        <translation>元数据(&amp;D)：</translation>
    </message>
    <message>
        <source>Give the key a name.</source>
        <translation>请为密钥命名。</translation>
    </message>
    <message>
        <source>Use 1 to 64 letters, digits, '.', '_' and '-' (no spaces).</source>
        <translation>请使用 1 到 64 个字母、数字、“.”、“_”和“-”（不含空格）。</translation>
    </message>
    <message>
        <source>A key named %1 exists already.</source>
        <translation>名为 %1 的密钥已存在。</translation>
    </message>
    <message>
        <source>A tenant's name is 1 to 64 letters, digits, '.', '_' and '-'.</source>
        <translation>租户名称由 1 到 64 个字母、数字、“.”、“_”和“-”组成。</translation>
    </message>
    <message>
        <source>"%1" is not a model alias: separate aliases with commas.</source>
        <translation>“%1”不是模型别名：请用逗号分隔别名。</translation>
    </message>
    <message>
        <source>That time has passed: the key would be expired at once.</source>
        <translation>该时间已过：密钥会立即过期。</translation>
    </message>
    <message>
        <source>Write tags as name=value, separated by commas.</source>
        <translation>请将标签写成 名称=值，用逗号分隔。</translation>
    </message>
</context>
<context>
    <name>ui::KeyText</name>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>in total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>$%1</source>
        <comment>US dollars</comment>
        <translation>$%1</translation>
    </message>
    <message>
        <source>%1B</source>
        <comment>billions</comment>
        <translation>%1B</translation>
    </message>
    <message>
        <source>%1M</source>
        <comment>millions</comment>
        <translation>%1M</translation>
    </message>
    <message>
        <source>%1K</source>
        <comment>thousands</comment>
        <translation>%1K</translation>
    </message>
    <message>
        <source>%1 rpm</source>
        <translation>%1 请求/分钟</translation>
    </message>
    <message>
        <source>%1 tpm</source>
        <translation>%1 令牌/分钟</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>%1 个并发</translation>
    </message>
    <message>
        <source>%1 tokens %2</source>
        <translation>%2 %1 令牌</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>amount, period</comment>
        <translation>%2 %1</translation>
    </message>
    <message>
        <source>no limits</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>never resets</source>
        <translation>从不重置</translation>
    </message>
    <message numerus="yes">
        <source>resets in %n s</source>
        <translation>
            <numerusform>%n 秒后重置</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>resets in %n min</source>
        <translation>
            <numerusform>%n 分钟后重置</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>resets in %n h</source>
        <translation>
            <numerusform>%n 小时后重置</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>resets in %n days</source>
        <translation>
            <numerusform>%n 天后重置</numerusform></translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation>密钥 %1</translation>
    </message>
    <message>
        <source>Tenant %1</source>
        <translation>租户 %1</translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation>模型 %1</translation>
    </message>
    <message>
        <source>%1 has used %2% of its quota of %3 tokens.</source>
        <translation>%1 已用掉其 %3 令牌配额的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its daily quota of %3 tokens.</source>
        <translation>%1 已用掉其每日 %3 令牌配额的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its weekly quota of %3 tokens.</source>
        <translation>%1 已用掉其每周 %3 令牌配额的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its monthly quota of %3 tokens.</source>
        <translation>%1 已用掉其每月 %3 令牌配额的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its total quota of %3 tokens.</source>
        <translation>%1 已用掉其 %3 令牌总配额的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 budget.</source>
        <translation>%1 已用掉预算 %3 的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 daily budget.</source>
        <translation>%1 已用掉每日预算 %3 的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 weekly budget.</source>
        <translation>%1 已用掉每周预算 %3 的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 monthly budget.</source>
        <translation>%1 已用掉每月预算 %3 的 %2%。</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 total budget.</source>
        <translation>%1 已用掉总预算 %3 的 %2%。</translation>
    </message>
</context>
<context>
    <name>ui::KeysPage</name>
    <message>
        <source>The keys in %1 cannot be read: %2</source>
        <translation>无法读取 %1 中的密钥：%2</translation>
    </message>
    <message>
        <source>The keys cannot be read: %1</source>
        <translation>无法读取密钥：%1</translation>
    </message>
    <message>
        <source>(in the config)</source>
        <translation>（在配置中）</translation>
    </message>
    <message>
        <source>every model</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <source>never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>%1 is declared in the config file by its fingerprint: change it there.</source>
        <translation>%1 在配置文件中以其指纹声明：请在那里修改。</translation>
    </message>
    <message>
        <source>Revoked on %1</source>
        <translation>于 %1 吊销</translation>
    </message>
    <message>
        <source>Select a key first.</source>
        <translation>请先选择一个密钥。</translation>
    </message>
    <message>
        <source>This key is declared in the config file: change it there.</source>
        <translation>此密钥在配置文件中声明：请在那里修改。</translation>
    </message>
    <message>
        <source>This key is revoked.</source>
        <translation>此密钥已吊销。</translation>
    </message>
    <message>
        <source>Use of %1</source>
        <translation>%1 的用量</translation>
    </message>
    <message>
        <source>The gateway is not running: the bars show no live use.</source>
        <translation>网关未运行：进度条不显示实时用量。</translation>
    </message>
    <message>
        <source>The key was not created: %1</source>
        <translation>未创建密钥：%1</translation>
    </message>
    <message>
        <source>Key %1 created</source>
        <translation>已创建密钥 %1</translation>
    </message>
    <message>
        <source>The key was not changed: %1</source>
        <translation>未修改密钥：%1</translation>
    </message>
    <message>
        <source>Key %1 changed</source>
        <translation>已修改密钥 %1</translation>
    </message>
    <message>
        <source>Rotate key</source>
        <translation>轮换密钥</translation>
    </message>
    <message>
        <source>Give the key %1 a new secret?</source>
        <translation>为密钥 %1 生成新的密文？</translation>
    </message>
    <message>
        <source>The old secret stops working at once: every client that uses it needs the new one. The key keeps its limits and its spend.</source>
        <translation>旧密文会立即失效：所有使用它的客户端都需要新密文。密钥保留其限制和花费。</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>轮换</translation>
    </message>
    <message>
        <source>The key %1 was not rotated: %2</source>
        <translation>未轮换密钥 %1：%2</translation>
    </message>
    <message>
        <source>Key %1 rotated</source>
        <translation>已轮换密钥 %1</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>吊销密钥</translation>
    </message>
    <message>
        <source>Revoke the key %1?</source>
        <translation>吊销密钥 %1？</translation>
    </message>
    <message>
        <source>Requests with it are refused from now on, within a second. This cannot be undone: a client that still needs access needs a new key.</source>
        <translation>使用它的请求将在一秒内开始被拒绝。此操作无法撤销：仍需访问的客户端需要新的密钥。</translation>
    </message>
    <message>
        <source>The key %1 was not revoked: %2</source>
        <translation>未吊销密钥 %1：%2</translation>
    </message>
    <message>
        <source>Key %1 revoked</source>
        <translation>已吊销密钥 %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Create key…</source>
        <translation>创建密钥…</translation>
    </message>
    <message>
        <source>Make a key that clients send as their API key</source>
        <translation>创建一个客户端作为 API 密钥发送的密钥</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Rotate…</source>
        <translation>轮换…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>吊销…</translation>
    </message>
    <message>
        <source>Anyone on this computer can use the gateway: no key exists. Create a key to require one.</source>
        <translation>这台计算机上的任何人都可以使用网关：尚无密钥。创建一个密钥即可要求使用密钥。</translation>
    </message>
    <message>
        <source>Create a key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>A key is what a client sends as its API key (Authorization: Bearer sk-sb-…). Each key has a name, a tenant, the models it may use and limits of its own: requests and tokens per minute, requests in flight, a token quota and a budget in US dollars. Once a key exists, every request needs one.</source>
        <translation>密钥是客户端作为 API 密钥发送的内容（Authorization: Bearer sk-sb-…）。每个密钥都有名称、租户、可使用的模型以及自己的限制：每分钟请求数和令牌数、进行中的请求数、令牌配额和以美元计的预算。一旦存在密钥，每个请求都需要密钥。</translation>
    </message>
    <message>
        <source>The keys clients use to call the gateway, their limits, and what they have used.</source>
        <translation>客户端调用网关所用的密钥、它们的限制及用量。</translation>
    </message>
</context>
<context>
    <name>ui::LimitBars</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>use · resets in</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Requests this minute</source>
        <translation>本分钟请求数</translation>
    </message>
    <message>
        <source>Tokens this minute</source>
        <translation>本分钟令牌数</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>进行中的请求</translation>
    </message>
    <message>
        <source>Token quota (%1)</source>
        <translation>令牌配额（%1）</translation>
    </message>
    <message>
        <source>Budget (%1)</source>
        <translation>预算（%1）</translation>
    </message>
    <message>
        <source>No limits: this key is never refused for its rate, quota or budget (its tenant's and its models' limits still apply).</source>
        <translation>无限制：此密钥不会因速率、配额或预算被拒绝（其租户和模型的限制仍然适用）。</translation>
    </message>
</context>
<context>
    <name>ui::LogCellDelegate</name>
    <message>
        <source>fallback</source>
        <comment>a badge on a request that a fallback target served</comment>
        <translation>回退</translation>
    </message>
</context>
<context>
    <name>ui::LogDetailsView</name>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>(not valid JSON at byte %1: %2; bodies longer than logging.maxBodyBytes are cut)</source>
        <translation>（第 %1 字节处不是有效的 JSON：%2；超过 logging.maxBodyBytes 的正文会被截断）</translation>
    </message>
    <message>
        <source>// event %1</source>
        <translation>// 事件 %1</translation>
    </message>
    <message>
        <source>// event %1: %2</source>
        <translation>// 事件 %1：%2</translation>
    </message>
    <message>
        <source>// Server-sent events: %L1. The text they streamed:</source>
        <translation>// 服务器发送事件（SSE）：%L1 个。流式输出的文本：</translation>
    </message>
    <message>
        <source>// (none)</source>
        <translation>// （无）</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 prompt + %2 completion = %3</source>
        <translation>输入 %1 + 输出 %2 = %3</translation>
    </message>
    <message>
        <source>(none recorded)</source>
        <translation>（未记录）</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>端点：</translation>
    </message>
    <message>
        <source>Stream:</source>
        <translation>流式：</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>延迟：</translation>
    </message>
    <message>
        <source>TTFT:</source>
        <translation>首 Token 时间：</translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation>Token 数：</translation>
    </message>
    <message>
        <source>Trace ID:</source>
        <translation>追踪 ID：</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>首 Token 时间</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>标头</translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation>选择一个请求以查看详情。</translation>
    </message>
    <message>
        <source>The request and response bodies of this request were not captured.

To capture them, set "logging": { "captureBodies": true } in the config. Bodies are stored capped at logging.maxBodyBytes, with credentials in the headers masked.</source>
        <translation>此请求的请求体和响应体未被捕获。

如需捕获，请在配置中设置 "logging": { "captureBodies": true }。正文最多保存 logging.maxBodyBytes 字节，标头中的凭据会被遮盖。</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>尝试：</translation>
    </message>
    <message>
        <source>Each call to a backend, in order: a failed one is followed by the next target</source>
        <translation>按顺序列出对后端的每次调用：失败后由下一个目标接替</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>The bodies byte for byte as they were sent</source>
        <translation>按发送时的原样逐字节显示正文</translation>
    </message>
    <message>
        <source>Pretty</source>
        <translation>格式化</translation>
    </message>
    <message>
        <source>JSON indented; a stream as its events, after the text it streamed</source>
        <translation>JSON 带缩进；流式响应先显示其流出的文本，再列出各个事件</translation>
    </message>
    <message>
        <source>%1 read from cache</source>
        <translation>%1 从缓存读取</translation>
    </message>
    <message>
        <source>%1 written to cache</source>
        <translation>%1 写入缓存</translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation>%1 用于推理</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>, estimated: the backend reported none</source>
        <translation>，估算值：后端未报告用量</translation>
    </message>
</context>
<context>
    <name>ui::LogExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the request log: %1</source>
        <translation>无法读取请求日志：%1</translation>
    </message>
</context>
<context>
    <name>ui::LogTableModel</name>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>No time to first token: not a stream, or no token arrived</source>
        <translation>无首 Token 时间：不是流式请求，或未收到任何 Token</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Upstream
model</source>
        <translation>上游
模型</translation>
    </message>
    <message>
        <source>Latency
(ms)</source>
        <translation>延迟
(ms)</translation>
    </message>
    <message>
        <source>TTFT
(ms)</source>
        <translation>TTFT
(ms)</translation>
    </message>
    <message>
        <source>Prompt
tokens</source>
        <translation>输入
Token</translation>
    </message>
    <message>
        <source>Completion
tokens</source>
        <translation>输出
Token</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>流式</translation>
    </message>
    <message>
        <source>Error
class</source>
        <translation>错误
类别</translation>
    </message>
    <message>
        <source>Trace ID</source>
        <translation>追踪 ID</translation>
    </message>
    <message>
        <source>The model alias the client asked for</source>
        <translation>客户端请求的模型别名</translation>
    </message>
    <message>
        <source>The model the backend was asked for</source>
        <translation>向后端请求的模型</translation>
    </message>
    <message>
        <source>Time until the whole answer was sent, in milliseconds</source>
        <translation>完整响应发送完毕所用的时间（毫秒）</translation>
    </message>
    <message>
        <source>Time to first token of a stream, in milliseconds</source>
        <translation>流式响应的首 Token 时间（毫秒）</translation>
    </message>
    <message>
        <source>Served by a fallback target after an earlier one failed; the details list each attempt.</source>
        <translation>在先前的目标失败后由回退目标处理；详情中列出了每次尝试。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>The start of the last user message, from the captured request body (not sortable)</source>
        <translation>最后一条用户消息的开头，取自记录的请求正文（不可排序）</translation>
    </message>
</context>
<context>
    <name>ui::LogsPage</name>
    <message>
        <source>Show new requests at the top as they arrive</source>
        <translation>新请求到达时显示在顶部</translation>
    </message>
    <message>
        <source>New requests are shown live only when sorted by time, newest first</source>
        <translation>仅在按时间排序（最新在前）时实时显示新请求</translation>
    </message>
    <message>
        <source>Sorting…</source>
        <translation>正在排序…</translation>
    </message>
    <message>
        <source>Searching the bodies…</source>
        <translation>正在搜索正文…</translation>
    </message>
    <message>
        <source>Cannot read the request log: %1</source>
        <translation>无法读取请求日志：%1</translation>
    </message>
    <message>
        <source>No request log yet in %1. It is created when the gateway starts.</source>
        <translation>%1 中还没有请求日志。网关启动时会创建它。</translation>
    </message>
    <message>
        <source>Counting the matching requests… loaded: %L1</source>
        <translation>正在统计匹配的请求… 已加载：%L1</translation>
    </message>
    <message>
        <source>No requests yet. Send one to %1/chat/completions.</source>
        <translation>暂无请求。请向 %1/chat/completions 发送一个请求。</translation>
    </message>
    <message>
        <source>No requests yet.</source>
        <translation>暂无请求。</translation>
    </message>
    <message>
        <source>No request matches the filter.</source>
        <translation>没有符合筛选条件的请求。</translation>
    </message>
    <message>
        <source>Matching requests: %L1 · loaded: %L2</source>
        <translation>匹配的请求：%L1 · 已加载：%L2</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>Export requests</source>
        <translation>导出请求</translation>
    </message>
    <message>
        <source>Exporting requests to %1…</source>
        <translation>正在将请求导出到 %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exported %L1 of %L2 requests…</source>
        <translation>已导出 %L1 / %L2 个请求…</translation>
    </message>
    <message>
        <source>Exported to %1 (rows: %L2)</source>
        <translation>已导出到 %1（%L2 行）</translation>
    </message>
    <message>
        <source>Export canceled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>2xx success</source>
        <translation>2xx 成功</translation>
    </message>
    <message>
        <source>4xx client error</source>
        <translation>4xx 客户端错误</translation>
    </message>
    <message>
        <source>5xx server error</source>
        <translation>5xx 服务器错误</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>全部模型</translation>
    </message>
    <message>
        <source>Any backend</source>
        <translation>全部后端</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <source>Status: a class or an exact code</source>
        <translation>状态：状态类别或具体状态码</translation>
    </message>
    <message>
        <source>The model alias the client asked for</source>
        <translation>客户端请求的模型别名</translation>
    </message>
    <message>
        <source>The backend that served the request</source>
        <translation>处理该请求的后端</translation>
    </message>
    <message>
        <source>Search request and response bodies…</source>
        <translation>搜索请求体和响应体…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>重放…</translation>
    </message>
    <message>
        <source>Send the selected request to other models on the Replay page</source>
        <translation>在重放页面将所选请求发送给其他模型</translation>
    </message>
    <message>
        <source>Every request through the gateway, with its tokens, cost and bodies.</source>
        <translation>经过网关的每个请求，及其令牌、费用和正文。</translation>
    </message>
    <message>
        <source>Select a request to replay it.</source>
        <translation>请选择一个请求以重放。</translation>
    </message>
    <message>
        <source>This request was refused before it reached an endpoint.</source>
        <translation>该请求在到达端点之前已被拒绝。</translation>
    </message>
    <message>
        <source>Only chat completions can be replayed; this is a %1 request.</source>
        <translation>只能重放 chat completions 请求；这是一个 %1 请求。</translation>
    </message>
    <message>
        <source>Its body was not logged: turn on "Capture request and response bodies" in Settings to replay the requests that follow.</source>
        <translation>未记录其正文：请在“设置”中开启“记录请求和响应正文”，之后的请求即可重放。</translation>
    </message>
    <message>
        <source>Its logged body is not JSON (bodies longer than the capture limit in Settings are cut).</source>
        <translation>其记录的正文不是 JSON（超过“设置”中记录上限的正文会被截断）。</translation>
    </message>
    <message>
        <source>Its body has no messages to send.</source>
        <translation>其正文中没有可发送的消息。</translation>
    </message>
    <message>
        <source>Select a request first.</source>
        <translation>请先选择一个请求。</translation>
    </message>
    <message>
        <source>Its body was not logged: turn on "Capture request and response bodies" in Settings.</source>
        <translation>未记录其正文：请在“设置”中开启“记录请求和响应正文”。</translation>
    </message>
    <message>
        <source>The gateway is not running: its address is not known.</source>
        <translation>网关未运行：其地址未知。</translation>
    </message>
    <message>
        <source>Cannot replay: %1</source>
        <translation>无法重放：%1</translation>
    </message>
    <message>
        <source>A curl command that sends this request to the gateway again, with a placeholder for the API key</source>
        <translation>一条将此请求再次发送到网关的 curl 命令，API 密钥以占位符表示</translation>
    </message>
    <message>
        <source>Filter by model %1</source>
        <translation>按模型 %1 筛选</translation>
    </message>
    <message>
        <source>Filter by this model</source>
        <translation>按此模型筛选</translation>
    </message>
    <message>
        <source>Copied a curl command for this request</source>
        <translation>已复制此请求的 curl 命令</translation>
    </message>
    <message>
        <source>Finds requests whose captured request or response body contains this text (not case-sensitive for ASCII letters). %1 goes here, Esc clears it.</source>
        <translation>查找记录的请求或响应正文中包含此文本的请求（ASCII 字母不区分大小写）。%1 跳到此处，Esc 清空。</translation>
    </message>
    <message>
        <source>Show replay traffic</source>
        <translation>显示重放流量</translation>
    </message>
    <message>
        <source>Read the request log again (%1)</source>
        <translation>重新读取请求日志（%1）</translation>
    </message>
    <message>
        <source>Write the requests of this filter to a CSV or JSON Lines file (%1)</source>
        <translation>将此筛选条件下的请求写入 CSV 或 JSON Lines 文件（%1）</translation>
    </message>
    <message>
        <source>Search the bodies</source>
        <translation>搜索正文</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Copy trace ID</source>
        <translation>复制 Trace ID</translation>
    </message>
    <message>
        <source>The request's trace ID, as in its x-request-id header</source>
        <translation>请求的 Trace ID，与其 x-request-id 响应头一致</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>复制为 cURL</translation>
    </message>
    <message>
        <source>Also list the calls of the Replay page, and count them in the Dashboard's figures</source>
        <translation>同时列出重放页面发出的调用，并计入仪表盘的数据</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <source>Only the requests of this tenant (its exact name)</source>
        <translation>仅显示此租户的请求（名称须完全一致）</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Only the requests sent with this gateway key (its exact name)</source>
        <translation>仅显示使用此网关密钥发送的请求（名称须完全一致）</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Backends</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Switchboard — AI gateway console</source>
        <translation>Switchboard — AI 网关控制台</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export logs…</source>
        <translation>导出日志(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit Switchboard</source>
        <translation>退出 Switchboard(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Show the navigation as &amp;icons only</source>
        <translation>导航仅显示图标(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Read me</source>
        <translation>自述文件(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;About Switchboard</source>
        <translation>关于 Switchboard(&amp;A)</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Open: anyone on this computer can use the gateway. &lt;a href="keys"&gt;Create a key&lt;/a&gt; to require one.</source>
        <translation>开放：这台计算机上的任何人都可以使用网关。&lt;a href="keys"&gt;创建密钥&lt;/a&gt;即可要求使用密钥。</translation>
    </message>
</context>
<context>
    <name>ui::ModelsPage</name>
    <message>
        <source>The gateway is not running.</source>
        <translation>网关未在运行。</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>请先输入提示词。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>HTTP %1 after %2 ms</source>
        <translation>HTTP %1，耗时 %2 ms</translation>
    </message>
    <message>
        <source>%1 ms · %2 prompt + %3 completion tokens · request %4</source>
        <translation>%1 ms · 输入 %2 + 输出 %3 Token · 请求 %4</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>上游模型</translation>
    </message>
    <message>
        <source>Alias (the model name clients ask for):</source>
        <translation>别名（客户端请求时使用的模型名称）：</translation>
    </message>
    <message>
        <source>Targets, tried in order (the next takes over when one fails before answering):</source>
        <translation>目标，按顺序尝试（某个目标在响应前失败时，由下一个接替）：</translation>
    </message>
    <message>
        <source>Add alias</source>
        <translation>添加别名</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>添加目标</translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation>删除目标</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>&lt;b&gt;Try it&lt;/b&gt;: send one request to an alias through the gateway</source>
        <translation>&lt;b&gt;试一试&lt;/b&gt;：通过网关向某个别名发送一个请求</translation>
    </message>
    <message>
        <source>A prompt, e.g. Say hello</source>
        <translation>提示词，例如：打个招呼</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>The model names clients use, and the backends that serve each one.</source>
        <translation>客户端使用的模型名称，以及为每个名称提供服务的后端。</translation>
    </message>
    <message>
        <source>%1 (not applied yet)</source>
        <translation>%1（尚未应用）</translation>
    </message>
    <message>
        <source>Add a backend first: an alias needs a target</source>
        <translation>请先添加后端：别名需要一个目标</translation>
    </message>
    <message>
        <source>Give a model a name clients ask for</source>
        <translation>为模型起一个供客户端请求的名称</translation>
    </message>
    <message>
        <source>Connect a model server first</source>
        <translation>请先连接模型服务器</translation>
    </message>
    <message>
        <source>An alias is the model name clients ask for; the gateway sends its requests to a model on a backend. There is no backend yet: add one on the Backends page, then come back to name its models.</source>
        <translation>别名是客户端请求时使用的模型名称；网关会把这些请求发送到某个后端上的模型。目前还没有后端：请先在“后端”页面添加一个，再回来为它的模型命名。</translation>
    </message>
    <message>
        <source>Create an alias</source>
        <translation>创建别名</translation>
    </message>
    <message>
        <source>Clients ask for a model by an alias such as "chat". The gateway sends the request to the alias's first target, a model on one of your backends, and to the next one when that fails.</source>
        <translation>客户端通过别名（例如“chat”）请求模型。网关把请求发送到该别名的第一个目标，即你某个后端上的模型；失败时再转给下一个目标。</translation>
    </message>
    <message>
        <source>Aliases applied and saved to %1</source>
        <translation>别名已应用并保存到 %1</translation>
    </message>
    <message>
        <source>Unapplied changes</source>
        <translation>未应用的更改</translation>
    </message>
    <message>
        <source>The aliases have changes that are not applied yet.</source>
        <translation>别名有尚未应用的更改。</translation>
    </message>
    <message>
        <source>Apply them now, or discard them?</source>
        <translation>现在应用，还是放弃这些更改？</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>No target was called.</source>
        <translation>未调用任何目标。</translation>
    </message>
    <message>
        <source>Answered by %1.</source>
        <translation>由 %1 应答。</translation>
    </message>
    <message>
        <source>No target answered.</source>
        <translation>没有目标应答。</translation>
    </message>
    <message>
        <source>Go to Backends</source>
        <translation>前往后端</translation>
    </message>
    <message>
        <source>Remove alias</source>
        <translation>删除别名</translation>
    </message>
</context>
<context>
    <name>ui::NavigationRail</name>
    <message>
        <source>Show the page names</source>
        <translation>显示页面名称</translation>
    </message>
    <message>
        <source>Show icons only</source>
        <translation>仅显示图标</translation>
    </message>
</context>
<context>
    <name>ui::PriceDialog</name>
    <message>
        <source>Prices of %1</source>
        <translation>%1 的价格</translation>
    </message>
    <message>
        <source>US dollars per million tokens, for requests to the alias “%1”.</source>
        <translation>每百万 token 的美元价格，适用于发往别名“%1”的请求。</translation>
    </message>
    <message>
        <source>US dollars per million tokens, for requests to the alias “%1” (upstream model %2).</source>
        <translation>每百万 token 的美元价格，适用于发往别名“%1”的请求（上游模型 %2）。</translation>
    </message>
    <message>
        <source>&amp;Input:</source>
        <translation>输入(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>输出(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Cached input:</source>
        <translation>缓存输入(&amp;C)：</translation>
    </message>
    <message>
        <source>Cache &amp;write:</source>
        <translation>缓存写入(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Reasoning:</source>
        <translation>推理(&amp;R)：</translation>
    </message>
    <message>
        <source>as input</source>
        <translation>同输入</translation>
    </message>
    <message>
        <source>as output</source>
        <translation>同输出</translation>
    </message>
    <message>
        <source>Empty cache and reasoning prices take the input or output price.</source>
        <translation>缓存和推理价格留空时，按输入或输出价格计费。</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>“%1” is not a price: enter US dollars per million tokens, from 0 to %2.</source>
        <translation>“%1”不是有效价格：请输入每百万 token 的美元价格，范围 0 到 %2。</translation>
    </message>
</context>
<context>
    <name>ui::PricesPanel</name>
    <message>
        <source>as input</source>
        <translation>同输入</translation>
    </message>
    <message>
        <source>as output</source>
        <translation>同输出</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Price table</source>
        <translation>价格表</translation>
    </message>
    <message>
        <source>No price: costs 0</source>
        <translation>无价格：费用为 0</translation>
    </message>
    <message>
        <source>–</source>
        <comment>no value</comment>
        <translation>–</translation>
    </message>
    <message>
        <source>models[].pricing in the config</source>
        <translation>配置中的 models[].pricing</translation>
    </message>
    <message>
        <source>The alias “%1” is not in the config any more.</source>
        <translation>别名“%1”已不在配置中。</translation>
    </message>
    <message>
        <source>Prices of %1 applied and saved to %2</source>
        <translation>%1 的价格已应用并保存到 %2</translation>
    </message>
    <message>
        <source>What each alias costs, in US dollars per million tokens: its own prices (models[].pricing) if it has them, else the shipped price table's for its upstream model. Cached and reasoning tokens are charged at their own prices. Select an alias and press Enter to edit its prices.</source>
        <translation>每个别名的费用，以每百万 token 的美元计：有自定义价格（models[].pricing）时用自定义价格，否则用随附价格表中其上游模型的价格。缓存 token 和推理 token 按各自的价格计费。选中一个别名并按 Enter 键即可编辑其价格。</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>上游模型</translation>
    </message>
    <message>
        <source>Price from</source>
        <translation>价格来源</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Cached input</source>
        <translation>缓存输入</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>缓存写入</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Prices of the aliases</source>
        <translation>各别名的价格</translation>
    </message>
    <message>
        <source>&amp;Edit prices…</source>
        <translation>编辑价格(&amp;E)…</translation>
    </message>
    <message>
        <source>Reset to the table's price</source>
        <translation>恢复为价格表中的价格</translation>
    </message>
    <message>
        <source>Removes the alias's own prices: the shipped table's price applies again.</source>
        <translation>删除该别名的自定义价格：重新采用随附价格表中的价格。</translation>
    </message>
    <message>
        <source>The shipped price table (US dollars per million tokens)</source>
        <translation>随附价格表（每百万 token 的美元价格）</translation>
    </message>
    <message>
        <source>Search models</source>
        <translation>搜索模型</translation>
    </message>
    <message>
        <source>Search the shipped price table</source>
        <translation>搜索随附价格表</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The shipped price table</source>
        <translation>随附价格表</translation>
    </message>
</context>
<context>
    <name>ui::ReadmeWindow</name>
    <message>
        <source>Switchboard — Read me</source>
        <translation>Switchboard — 自述文件</translation>
    </message>
</context>
<context>
    <name>ui::RemainingModel</name>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>in total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Token quota</source>
        <translation>token 配额</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>never</source>
        <comment>a total quota or budget does not reset</comment>
        <translation>从不</translation>
    </message>
    <message>
        <source>%1 used</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <source>%1 used, past the alert threshold</source>
        <translation>已用 %1，超过告警阈值</translation>
    </message>
    <message>
        <source>%1 used, limit reached</source>
        <translation>已用 %1，已达上限</translation>
    </message>
    <message>
        <source>Past the alert threshold of %1 %: an alert was raised.</source>
        <translation>已超过 %1% 的告警阈值：已发出告警。</translation>
    </message>
    <message>
        <source>Budget spent: requests are refused (budget_exceeded) until it resets.</source>
        <translation>预算已用完：在重置之前，请求将被拒绝（budget_exceeded）。</translation>
    </message>
    <message>
        <source>Quota used up: requests are refused (quota_exceeded) until it resets.</source>
        <translation>配额已用完：在重置之前，请求将被拒绝（quota_exceeded）。</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限额</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用率</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Resets at</source>
        <translation>重置时间</translation>
    </message>
</context>
<context>
    <name>ui::ReplayColumn</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Original answer</source>
        <translation>原始回答</translation>
    </message>
    <message>
        <source>Request #%1 · %2</source>
        <translation>请求 #%1 · %2</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>正在等待首个 Token…</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>正在流式传输…</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1 · complete</source>
        <translation>HTTP %1 · 已完成</translation>
    </message>
    <message>
        <source>HTTP %1 · %2</source>
        <translation>HTTP %1 · %2</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Latency: %1 · TTFT: %2</source>
        <translation>延迟：%1 · TTFT：%2</translation>
    </message>
    <message>
        <source>Tokens: %1 prompt + %2 completion</source>
        <translation>Token：输入 %1 + 输出 %2</translation>
    </message>
    <message>
        <source>Latency: from sending the request to the last byte of the answer.
TTFT: time to the first token, the first chunk with text.</source>
        <translation>延迟：从发送请求到收到回答最后一个字节的时间。
TTFT：到首个 Token（即第一个含文本的数据块）的时间。</translation>
    </message>
    <message>
        <source>The other answers are compared with this one.</source>
        <translation>其他回答均与此回答进行比较。</translation>
    </message>
    <message>
        <source>No change from %1.</source>
        <translation>与“%1”相比没有变化。</translation>
    </message>
    <message>
        <source>Compared with %1: +%2 −%3 words.</source>
        <translation>与“%1”相比：+%2 −%3 个词。</translation>
    </message>
    <message>
        <source>(Too long for an exact word diff: the part that differs is shown as replaced.)</source>
        <translation>（内容过长，无法逐词精确比较：不同的部分显示为整体替换。）</translation>
    </message>
</context>
<context>
    <name>ui::ReplayPage</name>
    <message>
        <source>Alias, routed to %1</source>
        <translation>别名，路由到 %1</translation>
    </message>
    <message>
        <source>Sent straight to backend %1 as model %2</source>
        <translation>直接发送到后端 %1，模型为 %2</translation>
    </message>
    <message>
        <source>Added by hand</source>
        <translation>手动添加</translation>
    </message>
    <message>
        <source>The request log could not be read: %1</source>
        <translation>无法读取请求日志：%1</translation>
    </message>
    <message>
        <source>The saved replays could not be read: %1</source>
        <translation>无法读取已保存的重放：%1</translation>
    </message>
    <message>
        <source>(no readable prompt)</source>
        <translation>（无可读的提示词）</translation>
    </message>
    <message>
        <source>No saved replays yet</source>
        <translation>暂无已保存的重放</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Backend models (backend/model, no fallback)</source>
        <translation>后端模型（backend/model，无回退）</translation>
    </message>
    <message>
        <source>Reading request #%1 from the log…</source>
        <translation>正在从日志读取请求 #%1…</translation>
    </message>
    <message>
        <source>Request #%1 could not be read: %2</source>
        <translation>无法读取请求 #%1：%2</translation>
    </message>
    <message>
        <source>Request #%1 is not in the request log. Rows older than the log's retention (Settings) are deleted.</source>
        <translation>请求 #%1 不在请求日志中。超过日志保留期限（见设置）的行会被删除。</translation>
    </message>
    <message>
        <source>The request and response bodies of request #%1 were not captured, so there is nothing to replay. To capture them, turn on "Capture request and response bodies" in Settings (logging.captureBodies in the config); requests sent after that can be replayed.</source>
        <translation>请求 #%1 的请求体和响应体未被捕获，因此无法重放。如需捕获，请在设置中开启“捕获请求体和响应体”（即配置中的 logging.captureBodies）；之后发送的请求即可重放。</translation>
    </message>
    <message>
        <source>Request #%1 is a %2 request; only chat completions can be replayed.</source>
        <translation>请求 #%1 是 %2 请求；只有 Chat Completions 请求可以重放。</translation>
    </message>
    <message>
        <source>The captured body of request #%1 is cut short, so it cannot be replayed. Bodies longer than the body capture limit in Settings (logging.maxBodyBytes) are cut; raise it to replay long requests.</source>
        <translation>请求 #%1 捕获的正文不完整，因此无法重放。超过设置中“正文捕获上限”（logging.maxBodyBytes）的正文会被截断；如需重放较长的请求，请调高该上限。</translation>
    </message>
    <message>
        <source>Tick the targets to compare with and press Run replay.</source>
        <translation>勾选要比较的目标，然后点击“开始重放”。</translation>
    </message>
    <message>
        <source>Type a prompt, tick the targets and press Run replay.</source>
        <translation>输入提示词并勾选目标，然后点击“开始重放”。</translation>
    </message>
    <message>
        <source>The gateway is not running: start it in the status bar first.</source>
        <translation>网关未在运行：请先在状态栏中启动网关。</translation>
    </message>
    <message>
        <source>Type a prompt first, or pick a logged request.</source>
        <translation>请先输入提示词，或选择一个已记录的请求。</translation>
    </message>
    <message>
        <source>Tick at least one target to replay to.</source>
        <translation>请至少勾选一个重放目标。</translation>
    </message>
    <message>
        <source>Replaying: %1 of %2 answers complete…</source>
        <translation>正在重放：已完成 %1 / %2 个回答…</translation>
    </message>
    <message>
        <source>Stopped. A stopped replay is not saved.</source>
        <translation>已停止。已停止的重放不会被保存。</translation>
    </message>
    <message>
        <source>All answers are in; saving the replay…</source>
        <translation>已收到全部回答；正在保存重放…</translation>
    </message>
    <message>
        <source>The replay could not be saved: %1</source>
        <translation>无法保存重放：%1</translation>
    </message>
    <message>
        <source>Saved as replay #%1; open it again from the saved replays at any time.</source>
        <translation>已保存为重放 #%1；可随时从已保存的重放中再次打开。</translation>
    </message>
    <message>
        <source>the original</source>
        <translation>原始回答</translation>
    </message>
    <message>
        <source>Opening replay #%1…</source>
        <translation>正在打开重放 #%1…</translation>
    </message>
    <message>
        <source>The replay could not be opened: %1</source>
        <translation>无法打开重放：%1</translation>
    </message>
    <message>
        <source>Replay #%1 of %2: the saved answers, not run again. Run replay sends the request again.</source>
        <translation>重放 #%1（%2）：显示的是已保存的回答，并未重新运行。点击“开始重放”会再次发送请求。</translation>
    </message>
    <message>
        <source>Its original request #%1 is no longer in the log, so the answers are compared with the first target's.</source>
        <translation>其原始请求 #%1 已不在日志中，因此各回答将与第一个目标的回答进行比较。</translation>
    </message>
    <message>
        <source>The gateway is not running.</source>
        <translation>网关未在运行。</translation>
    </message>
    <message>
        <source>This request cannot be replayed:</source>
        <translation>此请求无法重放：</translation>
    </message>
    <message>
        <source>Request #%1 to %2</source>
        <translation>发往 %2 的请求 #%1</translation>
    </message>
    <message>
        <source>A typed prompt; New prompt starts another.</source>
        <translation>手动输入的提示词；点击“新提示词”可另起一个。</translation>
    </message>
    <message>
        <source>A new prompt: type it below, or pick a logged request above.</source>
        <translation>新提示词：在下方输入，或在上方选择一个已记录的请求。</translation>
    </message>
    <message>
        <source>kept parameters: %1</source>
        <translation>保留的参数：%1</translation>
    </message>
    <message>
        <source>The gateway is not running</source>
        <translation>网关未在运行</translation>
    </message>
    <message>
        <source>Replays are sent through the gateway. Start it with the button in the status bar, then come back here.</source>
        <translation>重放通过网关发送。请用状态栏中的按钮启动网关，然后回到此处。</translation>
    </message>
    <message>
        <source>Compare answers across models</source>
        <translation>比较不同模型的回答</translation>
    </message>
    <message>
        <source>Pick a logged request above, or type a new prompt. Then tick the targets to send it to: aliases, or backend/model to reach one backend's model directly. Run replay sends it to all of them at once; the answers stream in side by side with their latency, time to first token and tokens, and the words that differ from the original answer are marked. Each replay is saved, to be opened again later.

The gateway has no response cache yet, so every replay reaches the backends.</source>
        <translation>在上方选择一个已记录的请求，或输入新的提示词。然后勾选要发送到的目标：别名，或用 backend/model 直接访问某个后端的模型。点击“开始重放”会同时发送给所有目标；各个回答以流式方式并排显示，并附有延迟、首 Token 时间和 Token 数，与原始回答不同的词会被标出。每次重放都会保存，以便日后再次打开。

网关目前还没有响应缓存，因此每次重放都会实际请求后端。</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the newest captured requests and saved replays again</source>
        <translation>重新读取最新捕获的请求和已保存的重放</translation>
    </message>
    <message>
        <source>New prompt</source>
        <translation>新提示词</translation>
    </message>
    <message>
        <source>Type a prompt to send to each target…</source>
        <translation>输入要发送给各个目标的提示词…</translation>
    </message>
    <message>
        <source>Targets (each one gets the same request):</source>
        <translation>目标（每个目标收到相同的请求）：</translation>
    </message>
    <message>
        <source>Another target: alias or backend/model</source>
        <translation>其他目标：别名或 backend/model</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Show differences</source>
        <translation>显示差异</translation>
    </message>
    <message>
        <source>Mark the words that differ from the original answer (or, for a typed prompt, from the first target's answer)</source>
        <translation>标出与原始回答不同的词（对于手动输入的提示词，则与第一个目标的回答比较）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Run replay</source>
        <translation>开始重放</translation>
    </message>
    <message>
        <source>Open a saved replay…</source>
        <translation>打开已保存的重放…</translation>
    </message>
    <message>
        <source>Replay #%1 · %2 · %3</source>
        <translation>重放 #%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Alias → %1</source>
        <translation>别名 → %1</translation>
    </message>
    <message>
        <source>Backend %1 · model %2, no fallback</source>
        <translation>后端 %1 · 模型 %2，无回退</translation>
    </message>
    <message>
        <source>Neither an alias nor a backend of the config</source>
        <translation>既不是配置中的别名，也不是配置中的后端</translation>
    </message>
    <message>
        <source>Send a logged request, or a prompt of your own, to other models and compare the answers.</source>
        <translation>将已记录的请求或您自己的提示发送给其他模型，并比较它们的回答。</translation>
    </message>
    <message>
        <source>"%1" is not an alias of the config. Type an alias, or backend/model to reach one backend's model directly.</source>
        <translation>“%1”不是配置中的别名。请输入别名，或输入“后端/模型”以直接调用某个后端的模型。</translation>
    </message>
    <message>
        <source>"%1" is not a backend of the config.</source>
        <translation>“%1”不是配置中的后端。</translation>
    </message>
    <message>
        <source>Type the model after "%1/", as the backend names it.</source>
        <translation>请在“%1/”后输入模型名称，与后端使用的名称一致。</translation>
    </message>
    <message>
        <source>The mock backend "%1" has no model "%2".</source>
        <translation>模拟后端“%1”没有模型“%2”。</translation>
    </message>
    <message>
        <source>No replayable chat requests in the log yet</source>
        <translation>日志中还没有可重放的聊天请求</translation>
    </message>
    <message>
        <source>Search logged requests: time, model or words…</source>
        <translation>搜索已记录的请求：时间、模型或词语…</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <comment>time · model · first words of the prompt</comment>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Request #%1: %2</source>
        <translation>请求 #%1：%2</translation>
    </message>
    <message>
        <source>All answers are in; reading which backends answered…</source>
        <translation>所有回答均已收到；正在读取由哪些后端作答…</translation>
    </message>
    <message>
        <source>A replay is running; Stop ends it.</source>
        <translation>重放正在进行；点击“停止”可结束。</translation>
    </message>
    <message>
        <source>This request cannot be replayed; the notice says why.</source>
        <translation>此请求无法重放；提示中说明了原因。</translation>
    </message>
    <message>
        <source>Send the request to every ticked target at once (%1)</source>
        <translation>同时将请求发送到所有已勾选的目标（%1）</translation>
    </message>
</context>
<context>
    <name>ui::ReplayRun</name>
    <message>
        <source>No answer was recorded.</source>
        <translation>没有记录到回答。</translation>
    </message>
    <message>
        <source>The recorded answer is cut short: bodies longer than logging.maxBodyBytes are cut.</source>
        <translation>记录的回答不完整：超过 logging.maxBodyBytes 的正文会被截断。</translation>
    </message>
    <message>
        <source>The recorded answer is neither JSON nor a stream of events.</source>
        <translation>记录的回答既不是 JSON，也不是事件流。</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>The answer is larger than %1 MiB and was cut off.</source>
        <translation>回答超过 %1 MiB，已被截断。</translation>
    </message>
    <message>
        <source>The stream sent an event larger than 1 MiB; the answer was cut off.</source>
        <translation>流中出现了超过 1 MiB 的事件；回答已被截断。</translation>
    </message>
    <message>
        <source>The stream ended without [DONE]: the answer may be incomplete.</source>
        <translation>流未收到 [DONE] 就结束了：回答可能不完整。</translation>
    </message>
</context>
<context>
    <name>ui::ReplayStore</name>
    <message>
        <source>There is no request log in %1.</source>
        <translation>%1 中没有请求日志。</translation>
    </message>
    <message>
        <source>Replay %1 is not in the log.</source>
        <translation>日志中没有重放 %1。</translation>
    </message>
</context>
<context>
    <name>ui::SecretDialog</name>
    <message>
        <source>Key %1 created</source>
        <translation>已创建密钥 %1</translation>
    </message>
    <message>
        <source>Key %1 rotated</source>
        <translation>已轮换密钥 %1</translation>
    </message>
    <message>
        <source>This is the secret of the key &lt;b&gt;%1&lt;/b&gt;. Give it to the client that will use it, as its API key.</source>
        <translation>这是密钥 &lt;b&gt;%1&lt;/b&gt; 的密文。请把它作为 API 密钥交给将要使用它的客户端。</translation>
    </message>
    <message>
        <source>This is the new secret of the key &lt;b&gt;%1&lt;/b&gt;. The old secret no longer works: give this one to the clients that used it.</source>
        <translation>这是密钥 &lt;b&gt;%1&lt;/b&gt; 的新密文。旧密文已失效：请把新密文交给使用过旧密文的客户端。</translation>
    </message>
    <message>
        <source>&lt;b&gt;It will not be shown again.&lt;/b&gt; Switchboard keeps only a fingerprint of it: copy it now.</source>
        <translation>&lt;b&gt;它不会再次显示。&lt;/b&gt;Switchboard 只保存它的指纹：请立即复制。</translation>
    </message>
    <message>
        <source>Secret of the key %1</source>
        <translation>密钥 %1 的密文</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the secret to the clipboard</source>
        <translation>将密文复制到剪贴板</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>ui::SettingsPage</name>
    <message>
        <source>That language could not be loaded.</source>
        <translation>无法加载该语言。</translation>
    </message>
    <message>
        <source>The listen address must be HOST:PORT with an IP address, e.g. 127.0.0.1:4000.</source>
        <translation>监听地址必须是带 IP 地址的 HOST:PORT，例如 127.0.0.1:4000。</translation>
    </message>
    <message>
        <source>Saved. The gateway now listens at %1.</source>
        <translation>已保存。网关现在监听 %1。</translation>
    </message>
    <message>
        <source>Saved, but the gateway did not start: %1</source>
        <translation>已保存，但网关未能启动：%1</translation>
    </message>
    <message>
        <source>Saved and applied.</source>
        <translation>已保存并应用。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gateway&lt;/b&gt;</source>
        <translation>&lt;b&gt;网关&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Appearance&lt;/b&gt;</source>
        <translation>&lt;b&gt;外观&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation>监听地址：</translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation>数据目录：</translation>
    </message>
    <message>
        <source>Request log:</source>
        <translation>请求日志：</translation>
    </message>
    <message>
        <source>Body capture limit (bytes):</source>
        <translation>正文捕获上限（字节）：</translation>
    </message>
    <message>
        <source>Keep rows for (days, 0 = forever):</source>
        <translation>行保留天数（0 = 永久）：</translation>
    </message>
    <message>
        <source>Keep at most (rows, 0 = all):</source>
        <translation>最多保留行数（0 = 全部）：</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>A new address restarts the gateway. The --listen option, when given, wins over this.</source>
        <translation>更改地址会重启网关。如果指定了 --listen 选项，则以该选项为准。</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Choose the certificate (PEM)</source>
        <translation>选择证书（PEM）</translation>
    </message>
    <message>
        <source>Choose the private key (PEM)</source>
        <translation>选择私钥（PEM）</translation>
    </message>
    <message>
        <source>HTTPS needs a certificate and its private key: choose both files, or generate a self-signed certificate.</source>
        <translation>HTTPS 需要证书及其私钥：请选择这两个文件，或生成自签名证书。</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.cer *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Replace the certificate?</source>
        <translation>替换证书？</translation>
    </message>
    <message>
        <source>%1 exists. Replace it and its key with a new self-signed certificate? Clients that trust the old one must be given the new one.</source>
        <translation>%1 已存在。要用新的自签名证书及其密钥替换它吗？信任旧证书的客户端需要获得新证书。</translation>
    </message>
    <message>
        <source>Cannot create %1.</source>
        <translation>无法创建 %1。</translation>
    </message>
    <message>
        <source>The certificate could not be created: %1</source>
        <translation>无法创建证书：%1</translation>
    </message>
    <message>
        <source>Created a self-signed certificate. Apply to serve HTTPS; clients trust it with, e.g., curl --cacert %1</source>
        <translation>已创建自签名证书。点击“应用”后即提供 HTTPS；客户端可通过例如 curl --cacert %1 信任它</translation>
    </message>
    <message>
        <source>The gateway serves plain HTTP.</source>
        <translation>网关提供未加密的 HTTP。</translation>
    </message>
    <message>
        <source>No PEM certificate found in this file.</source>
        <translation>该文件中没有 PEM 证书。</translation>
    </message>
    <message>
        <source>Expired on %1.</source>
        <translation>已于 %1 过期。</translation>
    </message>
    <message>
        <source>Valid until %1.</source>
        <translation>有效期至 %1。</translation>
    </message>
    <message>
        <source>Names: %1.</source>
        <translation>名称：%1。</translation>
    </message>
    <message>
        <source>Self-signed: clients must be given this file to trust it.</source>
        <translation>自签名：客户端需要获得此文件才能信任它。</translation>
    </message>
    <message>
        <source>HTTPS:</source>
        <translation>HTTPS：</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>证书：</translation>
    </message>
    <message>
        <source>Private key:</source>
        <translation>私钥：</translation>
    </message>
    <message>
        <source>Serve HTTPS with this certificate (restarts the gateway)</source>
        <translation>使用此证书提供 HTTPS（会重启网关）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Generate self-signed…</source>
        <translation>生成自签名证书…</translation>
    </message>
    <message>
        <source>PEM certificate chain, leaf first</source>
        <translation>PEM 证书链，叶证书在前</translation>
    </message>
    <message>
        <source>PEM private key, without a passphrase</source>
        <translation>不带口令的 PEM 私钥</translation>
    </message>
    <message>
        <source>"%1" is not an origin. Write it as a browser sends it: scheme://host or scheme://host:port, in lower case, without a path, e.g. http://localhost:5173.</source>
        <translation>“%1”不是源（origin）。请按浏览器发送的形式填写：scheme://host 或 scheme://host:port，全部小写，不带路径，例如 http://localhost:5173。</translation>
    </message>
    <message>
        <source>%1 is in the list already.</source>
        <translation>%1 已在列表中。</translation>
    </message>
    <message>
        <source>Allowed origins:</source>
        <translation>允许的源：</translation>
    </message>
    <message>
        <source>Add an origin:</source>
        <translation>添加源：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Browser access&lt;/b&gt;</source>
        <translation>&lt;b&gt;浏览器访问&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Web pages may call the gateway only from these origins; with none listed, no web page can. Other clients (SDKs, scripts, curl) are not affected.</source>
        <translation>只有来自这些源的网页才能调用网关；列表为空时，任何网页都不能调用。其他客户端（SDK、脚本、curl）不受影响。</translation>
    </message>
    <message>
        <source>e.g. http://localhost:5173</source>
        <translation>例如 http://localhost:5173</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Where the gateway listens, what it records, and how the console looks.</source>
        <translation>网关的监听地址、记录内容，以及控制台的外观。</translation>
    </message>
    <message>
        <source>Capture request and response bodies</source>
        <translation>捕获请求和响应正文</translation>
    </message>
    <message>
        <source>Bodies may hold personal data: what users typed and what the models answered.</source>
        <translation>正文可能包含个人数据：用户输入的内容以及模型的回答。</translation>
    </message>
</context>
<context>
    <name>ui::StatusPill</name>
    <message>
        <source>Running · %1</source>
        <translation>运行中 · %1</translation>
    </message>
    <message>
        <source>Degraded · %1</source>
        <translation>降级 · %1</translation>
    </message>
    <message>
        <source>Not running: %1</source>
        <translation>未运行：%1</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Requests are served but not recorded: %1</source>
        <translation>请求仍在处理，但未被记录：%1</translation>
    </message>
    <message>
        <source>Copy the gateway's address</source>
        <translation>复制网关地址</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop the gateway</source>
        <translation>停止网关</translation>
    </message>
    <message>
        <source>Start the gateway</source>
        <translation>启动网关</translation>
    </message>
    <message>
        <source>Gateway not started</source>
        <translation>网关未启动</translation>
    </message>
    <message>
        <source>Stop the gateway?</source>
        <translation>要停止网关吗？</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) in flight. Stopping lets them finish for up to %1 s, then closes their connections.</source>
        <translation>
            <numerusform>%n 个请求正在处理中。停止时最多等待它们 %1 秒完成，然后关闭其连接。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::TrayIcon</name>
    <message>
        <source>Gateway not started</source>
        <translation>网关未启动</translation>
    </message>
    <message>
        <source>Switchboard is still running</source>
        <translation>Switchboard 仍在运行</translation>
    </message>
    <message>
        <source>The gateway keeps serving. Use the tray icon to open the console or quit.</source>
        <translation>网关会继续提供服务。可通过托盘图标打开控制台或退出。</translation>
    </message>
    <message>
        <source>Switchboard: gateway running at %1</source>
        <translation>Switchboard：网关运行于 %1</translation>
    </message>
    <message>
        <source>Switchboard: gateway stopped</source>
        <translation>Switchboard：网关已停止</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>停止网关</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>启动网关</translation>
    </message>
    <message>
        <source>Open console</source>
        <translation>打开控制台</translation>
    </message>
    <message>
        <source>Quit Switchboard</source>
        <translation>退出 Switchboard</translation>
    </message>
    <message>
        <source>Limit nearly reached</source>
        <translation>即将达到限制</translation>
    </message>
</context>
<context>
    <name>ui::UsagePage</name>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>No tenant</source>
        <translation>无租户</translation>
    </message>
    <message>
        <source>No key</source>
        <translation>无密钥</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>No requests in the last hour</source>
        <translation>过去 1 小时内没有请求</translation>
    </message>
    <message>
        <source>No requests in the last 24 hours</source>
        <translation>过去 24 小时内没有请求</translation>
    </message>
    <message>
        <source>No requests in the last 7 days</source>
        <translation>过去 7 天内没有请求</translation>
    </message>
    <message>
        <source>No requests in the last 30 days</source>
        <translation>过去 30 天内没有请求</translation>
    </message>
    <message>
        <source>Spend and tokens appear here as the gateway answers requests: per tenant, key and model, priced with the table on the Prices tab.</source>
        <translation>网关应答请求后，费用和 token 会显示在这里：按租户、密钥和模型统计，并按“价格”选项卡中的价格计费。</translation>
    </message>
    <message>
        <source>The request log could not be read: %1</source>
        <translation>无法读取请求日志：%1</translation>
    </message>
    <message>
        <source>The gateway is stopped</source>
        <translation>网关已停止</translation>
    </message>
    <message>
        <source>What remains of each quota and budget is counted by the running gateway. Start it with the “Start gateway” button in the status bar.</source>
        <translation>每个配额和预算的剩余量由运行中的网关统计。请用状态栏中的“启动网关”按钮启动它。</translation>
    </message>
    <message>
        <source>No quota or budget is set</source>
        <translation>未设置配额或预算</translation>
    </message>
    <message>
        <source>Keys, tenants and model aliases can each have a token quota and a budget in US dollars, per day, week, month or in total: limits.quota and limits.budget in the config (keys[], tenants[], models[]), or `switchboard keys create --budget`. They show here with what remains of them.</source>
        <translation>密钥、租户和模型别名都可以设置 token 配额和以美元计的预算，按天、周、月或总计：在配置中（keys[]、tenants[]、models[]）设置 limits.quota 和 limits.budget，或使用 `switchboard keys create --budget`。它们会连同剩余量显示在这里。</translation>
    </message>
    <message>
        <source>one point per minute</source>
        <translation>每分钟一个点</translation>
    </message>
    <message>
        <source>one point per hour</source>
        <translation>每小时一个点</translation>
    </message>
    <message>
        <source>one point per %1 hours</source>
        <translation>每 %1 小时一个点</translation>
    </message>
    <message>
        <source>one point per %1 minutes</source>
        <translation>每 %1 分钟一个点</translation>
    </message>
    <message>
        <source>From the request log: %1, refreshed every 10 seconds. Each point is what was spent and used in its interval.</source>
        <translation>来自请求日志：%1，每 10 秒刷新一次。每个点表示该时间段内的费用和用量。</translation>
    </message>
    <message>
        <source>Spend per minute (US dollars)</source>
        <translation>每分钟费用（美元）</translation>
    </message>
    <message>
        <source>Spend per hour (US dollars)</source>
        <translation>每小时费用（美元）</translation>
    </message>
    <message>
        <source>Spend per %1 hours (US dollars)</source>
        <translation>每 %1 小时费用（美元）</translation>
    </message>
    <message>
        <source>Spend per %1 minutes (US dollars)</source>
        <translation>每 %1 分钟费用（美元）</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>每分钟 token 数</translation>
    </message>
    <message>
        <source>Tokens per hour</source>
        <translation>每小时 token 数</translation>
    </message>
    <message>
        <source>Tokens per %1 hours</source>
        <translation>每 %1 小时 token 数</translation>
    </message>
    <message>
        <source>Tokens per %1 minutes</source>
        <translation>每 %1 分钟 token 数</translation>
    </message>
    <message>
        <source>last hour</source>
        <translation>过去 1 小时</translation>
    </message>
    <message>
        <source>last 24 h</source>
        <translation>过去 24 小时</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>last 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示 token</translation>
    </message>
    <message>
        <source>Completion tokens</source>
        <translation>补全 token</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>&amp;Spend and tokens</source>
        <translation>费用和 token(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;What remains</source>
        <translation>剩余额度(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Prices</source>
        <translation>价格(&amp;P)</translation>
    </message>
    <message>
        <source>G&amp;roup by:</source>
        <translation>分组依据(&amp;R)：</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>分组依据</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 天</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 天</translation>
    </message>
    <message>
        <source>Time range: %1</source>
        <translation>时间范围：%1</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>token</translation>
    </message>
    <message>
        <source>Totals for the range</source>
        <translation>该时间范围的合计</translation>
    </message>
    <message>
        <source>Each quota and budget, with what is used in its current period (requests in flight are counted at what they reserved). Past its alert threshold a row turns amber; at its limit, red: requests are then refused until the period resets.</source>
        <translation>每个配额和预算在当前周期内的用量（进行中的请求按其预留量计）。超过告警阈值的行显示为琥珀色；达到上限时显示为红色：此后请求将被拒绝，直到周期重置。</translation>
    </message>
    <message>
        <source>What remains of each quota and budget</source>
        <translation>各配额和预算的剩余量</translation>
    </message>
    <message>
        <source>Spend and tokens per tenant, key and model; what remains of budgets and quotas; prices.</source>
        <translation>按租户、密钥和模型统计的费用和 token；预算和配额的剩余量；价格。</translation>
    </message>
</context>
</TS>