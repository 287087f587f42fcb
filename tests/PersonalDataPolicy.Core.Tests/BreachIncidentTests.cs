using PersonalDataPolicy.Breaches;
using PersonalDataPolicy.Policies;
using PersonalDataPolicy.Registers;

namespace PersonalDataPolicy.Core.Tests;

public sealed class BreachIncidentTests
{
    private static readonly DateTimeOffset Found = new(2026, 12, 15, 3, 0, 0, TimeSpan.Zero);

    private static BreachIncident Incident() =>
        new(1, Found, null, DataCategories.Email, 2, "cause", "consequences", "measures", "officer", Found.AddMinutes(5), Found.AddDays(2));

    [Fact]
    public void A_breach_cannot_be_found_after_it_is_recorded_or_happen_after_it_is_found()
    {
        Assert.Throws<ArgumentException>(() => new BreachIncident(1, Found.AddHours(1), null, DataCategories.Email, 1, "c", "c", "m", "o", Found, Found));
        Assert.Throws<ArgumentException>(() => new BreachIncident(1, Found, Found.AddMinutes(1), DataCategories.Email, 1, "c", "c", "m", "o", Found, Found));
        Assert.Throws<ArgumentException>(() => new BreachIncident(1, Found, null, DataCategories.None, 1, "c", "c", "m", "o", Found, Found));
    }

    [Fact]
    public void The_clock_is_overdue_only_until_the_authority_is_told_and_a_second_notification_is_refused()
    {
        var incident = Incident();
        Assert.False(incident.IsOverdue(Found.AddDays(2)));
        Assert.True(incident.IsOverdue(Found.AddDays(3)));

        incident.MarkAuthorityNotified("officer", Found.AddDays(3));

        Assert.False(incident.IsOverdue(Found.AddDays(4)));
        Assert.True(incident.NotifiedLate);
        Assert.Throws<InvalidOperationException>(() => incident.MarkAuthorityNotified("officer", Found.AddDays(4)));
    }

    [Fact]
    public void An_incident_closes_only_after_the_authority_is_told_and_a_person_is_linked_once()
    {
        var incident = Incident();
        var person = Guid.NewGuid();

        Assert.Equal(1, incident.LinkSubjects([person, person], Found));
        Assert.Equal(0, incident.LinkSubjects([person], Found));
        Assert.Throws<InvalidOperationException>(() => incident.Close("officer", Found));
        incident.MarkAuthorityNotified("officer", Found.AddHours(1));
        incident.Close("officer", Found.AddHours(2));
        Assert.False(incident.IsOpen);
    }

    [Fact]
    public void A_replaced_version_stays_in_effect_until_its_successors_day()
    {
        var texts = SiteLanguages.All.Select(l => new PolicyText(l, "T", [new PolicySection(1, "H", null, ["c"])], new MarkedEmailSubjects("a", "b", "c"))).ToList();
        var v1 = new PolicyVersion(1, new DateOnly(2025, 1, 1), texts);
        v1.Publish(null);
        var v2 = new PolicyVersion(2, new DateOnly(2026, 12, 10), texts.Select(t => new PolicyText(t.Language, t.Title, t.Sections, t.MarkedSubjects)));
        v2.Publish(v1);

        Assert.Equal(PolicyVersionState.Superseded, v1.State);
        Assert.Equal(1, PolicyVersion.InEffectOn([v2, v1], new DateOnly(2026, 12, 9)));
        Assert.Equal(2, PolicyVersion.InEffectOn([v2, v1], new DateOnly(2026, 12, 10)));
    }
}
