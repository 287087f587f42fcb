using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ErasureCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Destruction-approval reasons were stored in plain text before this migration; they are encrypted from now on,
            // and the plain ones are dropped (approvals asked for before must be asked again, with a ground).
            migrationBuilder.Sql("UPDATE \"PendingApprovals\" SET \"Reason\" = NULL;");

            migrationBuilder.AlterColumn<string>(
                name: "Reason",
                table: "PendingApprovals",
                type: "nvarchar(max)",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(1000)",
                oldMaxLength: 1000,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Ground",
                table: "PendingApprovals",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "PendingApprovals",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BlockHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Change = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    StaffUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    Purpose = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    Note = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlockHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BlockHistory_DataSubjects_SubjectId",
                        column: x => x.SubjectId,
                        principalTable: "DataSubjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ErasureCertificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Ground = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    PerformedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ApprovalId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RequestedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Categories = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Items = table.Column<int>(type: "int", nullable: false),
                    RequestsClosed = table.Column<int>(type: "int", nullable: false),
                    ReceiptIds = table.Column<string>(type: "varchar(max)", unicode: false, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErasureCertificates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BlockHistory_SubjectId_At",
                table: "BlockHistory",
                columns: new[] { "SubjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ErasureCertificates_At",
                table: "ErasureCertificates",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ErasureCertificates_SubjectId",
                table: "ErasureCertificates",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BlockHistory");

            migrationBuilder.DropTable(
                name: "ErasureCertificates");

            migrationBuilder.DropColumn(
                name: "Ground",
                table: "PendingApprovals");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "PendingApprovals");

            migrationBuilder.AlterColumn<string>(
                name: "Reason",
                table: "PendingApprovals",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(max)",
                oldNullable: true);
        }
    }
}
