using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.Sqlite
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

            migrationBuilder.AddColumn<string>(
                name: "Ground",
                table: "PendingApprovals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "PendingApprovals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BlockHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Change = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Ground = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    PerformedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ApprovalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Categories = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Items = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestsClosed = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceiptIds = table.Column<string>(type: "TEXT", unicode: false, nullable: false)
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
        }
    }
}
