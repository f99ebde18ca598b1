// *** Hand-maintained mirror of pulumi-language-dotnet codegen output for provider/schema.json. ***
// *** Keep in sync with the schema: tests/PtSandbox.Sdk.Tests fails when this file drifts from it. ***

using System;
using System.ComponentModel;
using Pulumi;

namespace Pulumi.PtSandbox
{
    /// <summary>
    /// A permission of a Public API token. Values a newer sandbox knows and this list does not are accepted with a warning.
    /// </summary>
    [EnumType]
    public readonly struct Permission : IEquatable<Permission>
    {
        private readonly string _value;

        private Permission(string value)
        {
            _value = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>
        /// Submit scans with custom settings.
        /// </summary>
        public static Permission ScanWithExtendedSettings { get; } = new Permission("SCAN_WITH_EXTENDED_SETTINGS");
        /// <summary>
        /// Submit scans with predefined settings.
        /// </summary>
        public static Permission ScanWithPredefinedSettings { get; } = new Permission("SCAN_WITH_PREDEFINED_SETTINGS");
        /// <summary>
        /// View every task, not only the token's own.
        /// </summary>
        public static Permission TasksViewAll { get; } = new Permission("TASKS_VIEW_ALL");

        public static bool operator ==(Permission left, Permission right) => left.Equals(right);
        public static bool operator !=(Permission left, Permission right) => !left.Equals(right);

        public static explicit operator string(Permission value) => value._value;

        [EditorBrowsable(EditorBrowsableState.Never)]
        public override bool Equals(object? obj) => obj is Permission other && Equals(other);
        public bool Equals(Permission other) => string.Equals(_value, other._value, StringComparison.Ordinal);

        [EditorBrowsable(EditorBrowsableState.Never)]
        public override int GetHashCode() => _value?.GetHashCode() ?? 0;

        public override string ToString() => _value;
    }
}
