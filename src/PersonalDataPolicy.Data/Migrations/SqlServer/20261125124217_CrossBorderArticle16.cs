using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CrossBorderArticle16 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "ContractReference",
                table: "CrossBorderTransfers",
                newName: "Reference");

            migrationBuilder.AlterColumn<string>(
                name: "Basis",
                table: "CrossBorderTransfers",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(16)",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<string>(
                name: "Article",
                table: "CrossBorderTransfers",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Article",
                table: "CrossBorderTransfers");

            migrationBuilder.RenameColumn(
                name: "Reference",
                table: "CrossBorderTransfers",
                newName: "ContractReference");

            migrationBuilder.AlterColumn<string>(
                name: "Basis",
                table: "CrossBorderTransfers",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(32)",
                oldMaxLength: 32);
        }
    }
}
