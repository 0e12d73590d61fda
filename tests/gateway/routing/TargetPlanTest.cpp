#include "routing/TargetPlan.h"

#include <gtest/gtest.h>

using namespace gateway;

namespace {

config::Config twoBackends()
{
    config::Config config;
    config::Backend local;
    local.name = QStringLiteral("local");
    config::Backend cloud;
    cloud.name = QStringLiteral("cloud");
    config.backends = {local, cloud};
    return config;
}

} // namespace

TEST(OrderedPlan, YieldsTargetsInOrderThenNothing)
{
    const config::Config config = twoBackends();
    routing::OrderedPlan plan(config, {{"cloud", "gpt-4o"}, {"local", "llama"}, {"cloud", "mini"}});
    std::optional<routing::Target> t = plan.next();
    ASSERT_TRUE(t);
    EXPECT_EQ(t->backend, config.backend("cloud"));
    EXPECT_EQ(t->model, "gpt-4o");
    t = plan.next();
    ASSERT_TRUE(t);
    EXPECT_EQ(t->backend, config.backend("local"));
    EXPECT_EQ(t->model, "llama");
    t = plan.next();
    ASSERT_TRUE(t);
    EXPECT_EQ(t->backend->name, "cloud");
    EXPECT_EQ(t->model, "mini");
    EXPECT_FALSE(plan.next());
    EXPECT_FALSE(plan.next()); // and stays exhausted
}

TEST(OrderedPlan, SkipsATargetWhoseBackendIsMissing)
{
    const config::Config config = twoBackends();
    routing::OrderedPlan plan(config, {{"gone", "m1"}, {"local", "llama"}, {"also-gone", "m2"}});
    const std::optional<routing::Target> t = plan.next();
    ASSERT_TRUE(t);
    EXPECT_EQ(t->backend->name, "local");
    EXPECT_EQ(t->model, "llama");
    EXPECT_FALSE(plan.next());
}

TEST(OrderedPlan, EmptyPlanHasNothing)
{
    const config::Config config = twoBackends();
    routing::OrderedPlan plan(config, {});
    EXPECT_FALSE(plan.next());
    routing::OrderedPlan allMissing(config, {{"x", "y"}});
    EXPECT_FALSE(allMissing.next());
}
