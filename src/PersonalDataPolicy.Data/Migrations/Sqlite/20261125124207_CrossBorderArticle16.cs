using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.Sqlite
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

            migrationBuilder.AddColumn<string>(
                name: "Article",
                table: "CrossBorderTransfers",
                type: "TEXT",
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
        }
    }
}
