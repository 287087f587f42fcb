using PersonalDataPolicy.Policies;

namespace PersonalDataPolicy.Core.Tests;

public sealed class PolicyTests
{
    private static readonly MarkedEmailSubjects Subjects = new("Opt-out", "Updating", "Withdrawal");

    private static PolicyText Text(string language, string clause = "Clause one.", string title = "Policy") =>
        new(language, title, [new PolicySection(1, "General", "Lead.", [clause, "Clause two."])], Subjects);

    private static PolicyVersion Version(int number, DateOnly from) =>
        new(number, from, SiteLanguages.All.Select(l => Text(l)));

    [Fact]
    public void The_canonical_text_is_numbered_as_printed()
    {
        var canonical = PolicyText.CanonicalText("Policy", Text("en").Sections);

        Assert.Equal("Policy\n\n1. General\nLead.\n1.1. Clause one.\n1.2. Clause two.\n", canonical);
    }

    [Fact]
    public void The_hash_is_stable_and_changes_with_any_visible_change()
    {
        var hash = Text("en").Sha256;

        Assert.Equal(hash, Text("en").Sha256);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.NotEqual(hash, Text("en", clause: "Clause one!").Sha256);
        Assert.NotEqual(hash, Text("en", title: "Policy v2").Sha256);
    }

    [Fact]
    public void Unicode_spellings_that_look_the_same_hash_the_same()
    {
        var composed = Text("ru", clause: "Редакция \u0439");
        var decomposed = Text("ru", clause: "Редакция \u0438\u0306");

        Assert.Equal(composed.Sha256, decomposed.Sha256);
    }

    [Fact]
    public void A_version_needs_a_text_in_every_site_language()
    {
        Assert.Throws<ArgumentException>(() => new PolicyVersion(1, new DateOnly(2025, 1, 1), [Text("kk"), Text("ru")]));
        Assert.Throws<ArgumentException>(() => new PolicyVersion(1, new DateOnly(2025, 1, 1), [Text("kk"), Text("ru"), Text("en"), Text("en")]));
    }

    [Fact]
    public void Publishing_a_new_version_supersedes_the_previous_one_on_the_new_effective_date()
    {
        var first = Version(1, new DateOnly(2025, 1, 1));
        first.Publish(null);
        var second = Version(2, new DateOnly(2026, 3, 1));

        second.Publish(first);

        Assert.Equal(PolicyVersionState.Published, second.State);
        Assert.Equal(PolicyVersionState.Superseded, first.State);
        Assert.Equal(new DateOnly(2026, 3, 1), first.SupersededOn);
    }

    [Fact]
    public void Only_a_draft_is_published_and_only_an_older_published_version_is_replaced()
    {
        var first = Version(1, new DateOnly(2025, 1, 1));
        first.Publish(null);

        Assert.Throws<InvalidOperationException>(() => first.Publish(null));
        Assert.Throws<InvalidOperationException>(() => Version(2, new DateOnly(2024, 1, 1)).Publish(first));
        Assert.Throws<InvalidOperationException>(() => Version(3, new DateOnly(2026, 1, 1)).Publish(Version(2, new DateOnly(2025, 6, 1))));
    }
}
