using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.SqlServer
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

            migrationBuilder.AlterColumn<string>(
                name: "Purpose",
                table: "VerificationTokens",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(16)",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<string>(
                name: "ReceiptId",
                table: "VerificationTokens",
                type: "varchar(22)",
                unicode: false,
                maxLength: 22,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimedSubjectId",
                table: "DataSubjects",
                type: "uniqueidentifier",
                nullable: true);

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

            migrationBuilder.AddColumn<string>(
                name: "Evidence",
                table: "ConsentEvents",
                type: "nvarchar(200)",
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

            migrationBuilder.AlterColumn<string>(
                name: "Purpose",
                table: "VerificationTokens",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(32)",
                oldMaxLength: 32);

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
