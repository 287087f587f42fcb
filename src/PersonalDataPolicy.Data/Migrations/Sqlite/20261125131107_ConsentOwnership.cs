using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsentOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "ContractReference",
                table: "CrossBorderTransfers",
                newName: "Reference");

            migrationBuilder.AddColumn<string>(
                name: "ReceiptId",
                table: "VerificationTokens",
                type: "TEXT",
                unicode: false,
                maxLength: 22,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimedSubjectId",
                table: "DataSubjects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Article",
                table: "CrossBorderTransfers",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Evidence",
                table: "ConsentEvents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_DataSubjects_ClaimedSubjectId",
                table: "DataSubjects",
                column: "ClaimedSubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DataSubjects_ClaimedSubjectId",
                table: "DataSubjects");

            migrationBuilder.DropColumn(
                name: "ReceiptId",
                table: "VerificationTokens");

            migrationBuilder.DropColumn(
                name: "ClaimedSubjectId",
                table: "DataSubjects");

            migrationBuilder.DropColumn(
                name: "Article",
                table: "CrossBorderTransfers");

            migrationBuilder.DropColumn(
                name: "Evidence",
                table: "ConsentEvents");

            migrationBuilder.RenameColumn(
                name: "Reference",
                table: "CrossBorderTransfers",
                newName: "ContractReference");
        }
    }
}
