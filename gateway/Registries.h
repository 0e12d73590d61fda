#pragma once

#include "api/RouteTable.h"
#include "pipeline/StageRegistry.h"
#include "providers/Provider.h"

namespace gateway {

// The three registries of the request path: which URL is which API operation (route table),
// which stages run in which order, and which adapter serves which backend type. Adding an
// inbound API, a stage or a provider is a folder of its own and one line in Registries.cpp.
struct Registries
{
    api::RouteTable routes;
    pipeline::StageRegistry stages;
    providers::ProviderRegistry providers;

    // The gateway's own: the OpenAI dialect, the built-in stages and providers.
    static const Registries& builtin();
    // A copy of the built-in registries, for a host (a test) that adds its own stages.
    static Registries makeBuiltin();
};

} // namespace gateway
