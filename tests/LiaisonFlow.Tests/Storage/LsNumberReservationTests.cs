using LiaisonFlow.Domain;
using LiaisonFlow.Storage;
using LiaisonFlow.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiaisonFlow.Tests.Storage;

/// <summary>An import's numbers reserved all at once: the answers one-by-one reservations give, in a few transactions, racing safely.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LsNumberReservationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Reserving_a_file_s_numbers_at_once_answers_as_one_by_one_and_keeps_the_counter()
    {
        await using var services = TestServices.Build(azurite);
        var registry = services.GetRequiredService<LsNumberRegistry>();
        Assert.Equal(NumberReservation.Reserved, await registry.ReserveAsync("m1", LsNumber.Parse("TSAG-LS3"), "a"));

        // More than one transaction's worth (49 a transaction), and the three answers besides "reserved".
        (LsNumber, string)[] wanted = [(LsNumber.Parse("TSAG-LS3"), "a"), (LsNumber.Parse("TSAG-LS3"), "c"), (LsNumber.Parse("TSAG-LS9"), "a"),
            .. Enumerable.Range(10, 60).Select(n => (new LsNumber("TSAG", n), $"ls-{n}"))];
        NumberReservation[] expected = [NumberReservation.Reserved, NumberReservation.TakenByAnother, NumberReservation.LiaisonHasAnother,
            .. Enumerable.Repeat(NumberReservation.Reserved, 60)];
        Assert.Equal(expected, await registry.ReserveAllAsync("m1", wanted));
        Assert.Equal(expected, await registry.ReserveAllAsync("m1", wanted));
        Assert.Equal("ls-69", await registry.OwnerAsync("m1", new LsNumber("TSAG", 69)));
        Assert.Equal(70, (await registry.AssignNextAsync("m1", "TSAG", "next")).Sequence);
    }

    [Fact]
    public async Task Two_imports_reserving_at_once_both_get_their_numbers()
    {
        await using var services = TestServices.Build(azurite);
        var registry = services.GetRequiredService<LsNumberRegistry>();
        (LsNumber, string)[] Range(int from, string prefix) => [.. Enumerable.Range(from, 30).Select(n => (new LsNumber("TSAG", n), $"{prefix}-{n}"))];

        var answers = await Task.WhenAll(registry.ReserveAllAsync("m1", Range(1, "x")), registry.ReserveAllAsync("m1", Range(31, "y")));

        Assert.All(answers.SelectMany(a => a), a => Assert.Equal(NumberReservation.Reserved, a));
        Assert.Equal([.. Enumerable.Range(1, 60).Select(n => (n, n <= 30 ? $"x-{n}" : $"y-{n}"))], (await registry.HeldAsync("m1", "TSAG")).OrderBy(h => h.Sequence));
        Assert.Equal(61, (await registry.AssignNextAsync("m1", "TSAG", "next")).Sequence);
    }
}
