namespace LiaisonFlow.Tests.Infrastructure;

/// <summary>Where things are in the repository, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release), so sibling outputs match.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";

    public static string LocalHostDll => Path.Combine(Root, "functions", "LiaisonFlow.LocalHost", "bin", Configuration, "net10.0", "LiaisonFlow.LocalHost.dll");

    public static string TsagData => Path.Combine(Root, "data", "meetings", "tsag-2017-05.json");

    public static string SampleSettings => Path.Combine(Root, "local.settings.sample.json");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LiaisonFlow.sln"))) return dir.FullName;
        throw new InvalidOperationException("LiaisonFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
